import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from 'vitest';
import { parse } from 'yaml';

// Static checks of docker-compose.yml and the Dockerfile: no Docker engine is needed.

const repoRoot = new URL('../../../', import.meta.url);
const repoPath = (relative: string): string => fileURLToPath(new URL(relative, repoRoot));

const appServices = ['gateway', 'oidc', 'management-api', 'experience-api', 'account-api', 'webhooks'] as const;
const backendServices = appServices.filter((name) => name !== 'gateway');
const gatewayUpstreams: Record<string, string> = {
  OIDC_URL: 'oidc',
  MANAGEMENT_API_URL: 'management-api',
  EXPERIENCE_API_URL: 'experience-api',
  ACCOUNT_API_URL: 'account-api',
};

type Mapping = Record<string, unknown>;

const isMapping = (value: unknown): value is Mapping => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Compose accepts `KEY: value` maps and `KEY=value` lists; normalise both to a map of strings. */
const toStringMap = (value: unknown): Record<string, string | undefined> => {
  if (value === undefined || value === null) return {};
  if (Array.isArray(value)) {
    const result: Record<string, string | undefined> = {};
    for (const entry of value) {
      const text = String(entry);
      const equals = text.indexOf('=');
      if (equals === -1) result[text] = undefined;
      else result[text.slice(0, equals)] = text.slice(equals + 1);
    }
    return result;
  }
  if (isMapping(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, entry === null ? undefined : String(entry)]));
  }
  throw new Error(`Expected a map or a list, got ${JSON.stringify(value)}`);
};

/** `depends_on` as a list of names or a map of name → { condition }. */
const dependsOn = (service: Mapping): Record<string, string> => {
  const value = service.depends_on;
  if (Array.isArray(value)) {
    return Object.fromEntries(value.map((name) => [String(name), 'service_started']));
  }
  if (isMapping(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([name, spec]) => [
        name,
        isMapping(spec) && typeof spec.condition === 'string' ? spec.condition : 'service_started',
      ]),
    );
  }
  return {};
};

const composeText = readFileSync(repoPath('docker-compose.yml'), 'utf8');
const compose: unknown = parse(composeText);
if (!isMapping(compose)) throw new Error('docker-compose.yml is not a mapping');
const services: Mapping = isMapping(compose.services) ? compose.services : {};

const service = (name: string): Mapping => {
  const value = services[name];
  if (!isMapping(value)) throw new Error(`docker-compose.yml has no service "${name}"`);
  return value;
};
const env = (name: string) => toStringMap(service(name).environment);

/** Resolve a service's build to the Dockerfile path (relative to the repo root) and its args. */
const buildOf = (name: string) => {
  const build = service(name).build;
  if (typeof build === 'string') {
    return { context: build, dockerfile: 'Dockerfile', args: {} as Record<string, string | undefined> };
  }
  if (!isMapping(build)) throw new Error(`Service "${name}" has no build section`);
  const context = typeof build.context === 'string' ? build.context : '.';
  const dockerfile = typeof build.dockerfile === 'string' ? build.dockerfile : 'Dockerfile';
  return { context, dockerfile, args: toStringMap(build.args) };
};

const dockerfilePathOf = (name: string): string => {
  const { context, dockerfile } = buildOf(name);
  const contextUrl = new URL(context.endsWith('/') ? context : `${context}/`, repoRoot);
  return fileURLToPath(new URL(dockerfile, contextUrl));
};

/** The lines of a Dockerfile's final stage (the image that runs). */
const finalStage = (dockerfileText: string): string => {
  const lines = dockerfileText.split('\n');
  const lastFrom = lines.findLastIndex((line) => /^\s*FROM\s/i.test(line));
  return lines.slice(Math.max(lastFrom, 0)).join('\n');
};

describe('docker-compose.yml', () => {
  it('has no top-level name (Debian docker-compose 1.x rejects it)', () => {
    expect(Object.keys(compose)).not.toContain('name');
  });

  it('declares postgres, migrate and every app service', () => {
    for (const name of ['postgres', 'migrate', ...appServices]) {
      expect(isMapping(services[name]), `service "${name}"`).toBe(true);
    }
  });

  it('runs PostgreSQL 17 with a password, a volume and a pg_isready healthcheck', () => {
    const postgres = service('postgres');
    expect(String(postgres.image)).toMatch(/^postgres:17(\b|$)/);
    expect(toStringMap(postgres.environment).POSTGRES_PASSWORD).toBeTruthy();
    expect(Array.isArray(postgres.volumes) && postgres.volumes.length > 0).toBe(true);
    const healthcheck = postgres.healthcheck;
    expect(isMapping(healthcheck)).toBe(true);
    expect(JSON.stringify(isMapping(healthcheck) ? healthcheck.test : undefined)).toContain('pg_isready');
  });

  it('migrates and seeds after PostgreSQL is healthy', () => {
    const migrate = service('migrate');
    expect(existsSync(dockerfilePathOf('migrate'))).toBe(true);
    const command = Array.isArray(migrate.command) ? migrate.command.join(' ') : String(migrate.command ?? '');
    // Each script the job runs must exist in the repository the image is built from.
    const scripts = [...command.matchAll(/node --import tsx (\S+) (migrate|seed)/g)];
    expect(scripts.map(([, , step]) => step)).toEqual(['migrate', 'seed']);
    for (const [, script] of scripts) {
      expect(existsSync(new URL(script!, repoRoot)), script).toBe(true);
    }
    expect(command.indexOf(' migrate')).toBeLessThan(command.indexOf(' seed'));
    expect(dependsOn(migrate).postgres).toBe('service_healthy');
    const migrateEnv = env('migrate');
    for (const key of ['DATABASE_URL', 'ENDPOINT', 'ADMIN_ENDPOINT']) {
      expect(migrateEnv[key], `migrate ${key}`).toBeTruthy();
    }
  });

  it.each(appServices)('%s builds from an existing Dockerfile for an existing service', (name) => {
    const { args } = buildOf(name);
    expect(existsSync(dockerfilePathOf(name)), `Dockerfile of ${name}`).toBe(true);
    expect(args.SERVICE, `SERVICE build arg of ${name}`).toBe(name);
    const entry = `services/${String(args.SERVICE)}/src/main.ts`;
    expect(existsSync(repoPath(entry)), `${entry} exists`).toBe(true);
  });

  it.each(appServices)('%s starts only after migrate completed successfully', (name) => {
    expect(dependsOn(service(name)).migrate).toBe('service_completed_successfully');
  });

  it.each(backendServices)('%s has its database, port and internal secret', (name) => {
    const serviceEnv = env(name);
    for (const key of ['DATABASE_URL', 'PORT', 'INTERNAL_SECRET']) {
      expect(serviceEnv[key], `${name} ${key}`).toBeTruthy();
    }
    expect(Number(serviceEnv.PORT)).toBeGreaterThan(0);
    // The database host must be a compose service and the URL must name its database.
    const databaseUrl = new URL(serviceEnv.DATABASE_URL ?? '');
    expect(databaseUrl.protocol).toMatch(/^postgres(ql)?:$/);
    expect(isMapping(services[databaseUrl.hostname]), `database host ${databaseUrl.hostname}`).toBe(true);
  });

  it('uses one DATABASE_URL that matches the postgres service', () => {
    const postgresEnv = env('postgres');
    for (const name of ['migrate', ...backendServices]) {
      const databaseUrl = new URL(env(name).DATABASE_URL ?? '');
      expect(databaseUrl.hostname, name).toBe('postgres');
      expect(decodeURIComponent(databaseUrl.password), name).toBe(postgresEnv.POSTGRES_PASSWORD);
      expect(decodeURIComponent(databaseUrl.username), name).toBe(postgresEnv.POSTGRES_USER ?? 'postgres');
      const database = databaseUrl.pathname.replace(/^\//, '');
      expect(database, name).toBe(postgresEnv.POSTGRES_DB ?? postgresEnv.POSTGRES_USER ?? 'postgres');
    }
  });

  it('shares one internal secret between the gateway and every service', () => {
    const secrets = new Set(appServices.map((name) => env(name).INTERNAL_SECRET));
    expect(secrets.size).toBe(1);
    expect([...secrets][0]).toBeTruthy();
  });

  it.each(Object.entries(gatewayUpstreams))('gateway %s points at the %s service on the port it listens on', (key, upstream) => {
    const value = env('gateway')[key];
    expect(value, `gateway ${key}`).toBeTruthy();
    const url = new URL(value ?? '');
    expect(url.hostname).toBe(upstream);
    expect(isMapping(services[url.hostname]), `service ${url.hostname}`).toBe(true);
    const port = url.port === '' ? (url.protocol === 'https:' ? '443' : '80') : url.port;
    expect(port).toBe(env(upstream).PORT);
  });

  it('publishes the gateway user and admin ports it listens on', () => {
    const gatewayEnv = env('gateway');
    const ports = (service('gateway').ports as unknown[] | undefined) ?? [];
    const published = ports.map((entry) => (isMapping(entry) ? `${String(entry.published)}:${String(entry.target)}` : String(entry)));
    expect(gatewayEnv.PORT).toBeTruthy();
    expect(gatewayEnv.ADMIN_PORT).toBeTruthy();
    expect(published.some((entry) => entry.endsWith(`:${gatewayEnv.PORT}`))).toBe(true);
    expect(published.some((entry) => entry.endsWith(`:${gatewayEnv.ADMIN_PORT}`))).toBe(true);
  });

  it.each(backendServices)('%s can be scaled (no published ports, no container_name)', (name) => {
    const definition = service(name);
    expect(definition.ports, `${name} ports`).toBeUndefined();
    expect(definition.container_name, `${name} container_name`).toBeUndefined();
  });

  it('sets no container_name on the gateway or the migrate job either', () => {
    expect(service('gateway').container_name).toBeUndefined();
    expect(service('migrate').container_name).toBeUndefined();
  });
});

describe('Dockerfile', () => {
  // Join backslash-continued lines so each instruction is on one line.
  const dockerfile = readFileSync(repoPath('Dockerfile'), 'utf8').replace(/\\\r?\n/g, ' ');
  const runtime = finalStage(dockerfile);

  it('is multi-stage on node:22-bookworm-slim (a supported LTS)', () => {
    const froms = dockerfile.match(/^\s*FROM\s+\S+/gim) ?? [];
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const from of froms) expect(from).toMatch(/node:22-bookworm-slim$/);
  });

  it('installs the pinned pnpm with npm and builds with a frozen lockfile', () => {
    expect(dockerfile).toMatch(/npm i(nstall)? -g -E pnpm@12\.4\.2/);
    expect(dockerfile).toMatch(/pnpm install --frozen-lockfile/);
    expect(dockerfile).toMatch(/pnpm turbo run build/);
  });

  it('declares ARG SERVICE in the runtime stage and runs services/$SERVICE/dist/main.js', () => {
    expect(runtime).toMatch(/^\s*ARG\s+SERVICE(=|\s|$)/m);
    const cmd = runtime.match(/^\s*(CMD|ENTRYPOINT)\s+(.*)$/m);
    expect(cmd?.[2]).toMatch(/services\/\$\{?SERVICE\}?\/dist\/main\.js/);
    // Exec form (JSON array) does no variable expansion unless it runs a shell itself.
    const instruction = cmd?.[2]?.trim() ?? '';
    if (instruction.startsWith('[')) expect(instruction).toMatch(/^\[\s*"(\/bin\/)?sh"\s*,\s*"-c"/);
    // An ARG is not visible to the running container; it must reach it through ENV.
    expect(runtime).toMatch(/^\s*ENV\s[^\n]*SERVICE=\$\{?SERVICE\}?/m);
  });
});
