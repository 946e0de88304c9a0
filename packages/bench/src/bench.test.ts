import { defaultTenantId } from '@idp/db';
import { verifyPassword } from '@idp/password';
import {
  applications,
  organizationApplicationRelations,
  organizationRoleApplicationRelations,
  organizationRoleUserRelations,
  users,
} from '@idp/schemas';
import { createTestDatabase, type TestDatabase } from '@idp/test-utils';
import { and, count, eq } from 'drizzle-orm';
import { spawn } from 'node:child_process';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUsageWindow } from './processes.ts';
import { ownerOf } from './profile.ts';
import { markdownTable, meetsTarget, ratioToCeiling, resultsTable, targetText, type PathRow } from './report.ts';
import type { RunResult } from './runner.ts';
import { benchPassword, seedBench } from './seed.ts';

describe('the bench seed', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase({ seed: true });
  });
  afterAll(async () => database?.drop());

  it('adds its apps and N users in bulk, each able to sign in with the bench password', async () => {
    const seeded = await seedBench(database.db, database.pool, { tenantId: defaultTenantId, userCount: 20_000 });
    const [{ value: userCount } = { value: 0 }] = await database.db
      .select({ value: count() })
      .from(users)
      .where(eq(users.tenantId, defaultTenantId));
    expect(userCount).toBe(20_000);

    const userRow = async (id: string) => {
      const [row] = await database.db.select().from(users).where(eq(users.id, id));
      if (!row) throw new Error(`no user ${id}`);
      return row;
    };
    const [newest, oldest] = await Promise.all([userRow(seeded.userId(1)), userRow(seeded.userId(20_000))]);
    expect(newest.id).toMatch(/^[0-9a-z]{21}$/);
    expect(newest.username).toBe(seeded.username(1));
    expect(newest.createdAt.getTime()).toBeGreaterThan(oldest.createdAt.getTime());
    expect(await verifyPassword(benchPassword, oldest)).toBe(true);

    const apps = await database.db.select().from(applications).where(eq(applications.tenantId, defaultTenantId));
    const byId = new Map(apps.map((app) => [app.id, app]));
    expect(byId.get(seeded.m2mClient.id)?.type).toBe('MachineToMachine');
    expect(byId.get(seeded.managementClient.id)?.type).toBe('MachineToMachine');
    expect(byId.get(seeded.webClient.id)?.oidcClientMetadata.redirectUris).toEqual([seeded.webClient.redirectUri]);

    // The organization-token path's app is a member of the organization, with a role there.
    expect(byId.get(seeded.organizationClient.id)?.type).toBe('MachineToMachine');
    const membership = and(
      eq(organizationApplicationRelations.tenantId, defaultTenantId),
      eq(organizationApplicationRelations.organizationId, seeded.organizationId),
      eq(organizationApplicationRelations.applicationId, seeded.organizationClient.id),
    );
    expect(await database.db.select().from(organizationApplicationRelations).where(membership)).toHaveLength(1);
    const roles = await database.db
      .select()
      .from(organizationRoleApplicationRelations)
      .where(eq(organizationRoleApplicationRelations.applicationId, seeded.organizationClient.id));
    expect(roles.map((role) => role.organizationId)).toEqual([seeded.organizationId]);
    // And so are the first users, each with a role there (the organization refresh chains sign them in).
    const [{ value: memberRoles } = { value: 0 }] = await database.db
      .select({ value: count() })
      .from(organizationRoleUserRelations)
      .where(eq(organizationRoleUserRelations.organizationId, seeded.organizationId));
    expect(seeded.organizationMembers).toBe(1000);
    expect(memberRoles).toBe(1000);
  });
});

describe('the report', () => {
  const result: RunResult = {
    requests: 24_000,
    rps: 3000,
    p50: 1.234,
    p90: 2,
    p99: 4.5,
    max: 9,
    errors: 0,
    non2xx: 0,
    seconds: 8,
    generatorCpu: 20,
  };
  const row: PathRow = {
    id: 'userinfo',
    label: 'GET /oidc/me',
    target: { rps: 4000, p99: 5 },
    ceiling: { name: 'Fastify', perSecond: 60_000 },
    result,
    usage: {
      cpuPercent: { gateway: 70, oidc: 90, postgres: 30 },
      cpuMs: {},
      peakRssMb: { gateway: 120, oidc: 150 },
      waitPercent: { gateway: 12, oidc: 35 },
    },
    lag: { oidc: { p50: 0.5, p99: 3.2, max: 6 }, gateway: { p50: 0.2, p99: 1.1, max: 2 } },
    transactionsPerRequest: 1,
  };

  it('judges a row against its target and its ceiling', () => {
    expect(ratioToCeiling(row)).toBe(0.05);
    expect(meetsTarget(row)).toBe(false);
    expect(meetsTarget({ ...row, result: { ...result, rps: 4100 } })).toBe(true);
    expect(meetsTarget({ ...row, result: { ...result, rps: 4100, non2xx: 1 } })).toBe(false);
    expect(meetsTarget({ ...row, target: undefined })).toBeUndefined();
    expect(meetsTarget({ ...row, target: { ceilingShare: 0.05 } })).toBe(true);
  });

  it('prints one Markdown row per path, columns lined up', () => {
    const lines = resultsTable([
      row,
      { ...row, id: 'discovery', label: 'GET /oidc/.well-known/openid-configuration', target: undefined },
    ]).split('\n');
    expect(lines).toHaveLength(4);
    expect(new Set(lines.map((line) => line.length)).size).toBe(1);
    expect(lines[2]).toContain('| GET /oidc/me ');
    expect(lines[2]).toContain('| 3,000 |');
    expect(lines[2]).toContain('≥ 4,000/s, p99 < 5 ms ✗');
    expect(lines[2]).toContain('5.0 % Fastify');
    expect(lines[2]).toContain('70/90/0/0/0/30/20');
    expect(lines[2]).toContain('| 12/35/0/0/0 ');
    expect(lines[2]).toContain('| 3.20 ');
    expect(lines[3]).toContain('(reference)');
    expect(markdownTable(['a', 'b'], [['1', 'x']]).split('\n')[1]).toBe('|--:|---|');
    // The webhooks row samples nothing of the stack: dashes, not zeros, and its own ceiling.
    const webhooks = resultsTable([
      {
        ...row,
        id: 'webhooks',
        label: 'webhooks',
        target: { rps: 1000, p99: 1000 },
        ceiling: { name: 'plain fetch', perSecond: 2000 },
        result: { ...result, rps: 1500, p99: 400 },
        usage: { cpuPercent: {}, cpuMs: {}, peakRssMb: {}, waitPercent: {} },
        lag: {},
        transactionsPerRequest: undefined,
      },
    ]).split('\n')[2]!;
    expect(webhooks).toContain('≥ 1,000/s, p99 < 1000 ms ✓');
    expect(webhooks).toContain('75 % plain fetch');
    expect(webhooks).not.toContain('0/0/0');
    // A latency-only target (the console's pages) says nothing about a rate.
    expect(targetText({ p99: 300 })).toBe('p99 < 300 ms');
  });

  it('names the package a profiled function belongs to', () => {
    expect(ownerOf('file:///r/node_modules/.pnpm/oidc-provider@9.13.3/node_modules/oidc-provider/lib/x.js', 'f')).toBe('oidc-provider');
    expect(ownerOf('file:///r/node_modules/.pnpm/@fastify+reply-from@12/node_modules/@fastify/reply-from/index.js', 'f')).toBe(
      '@fastify/reply-from',
    );
    expect(ownerOf('file:///r/services/oidc/dist/main.js', 'f')).toBe('services/oidc');
    expect(ownerOf('node:internal/http', 'f')).toBe('node');
    expect(ownerOf('', '(garbage collector)')).toBe('GC');
    expect(ownerOf('', 'writev')).toBe('native');
  });
});

describe('the usage window', () => {
  it('sees a process wait for a core when more processes want one than there are cores', async () => {
    // One busy process more than the machine has cores: each gets a core only part of the time.
    const burners = Array.from({ length: os.availableParallelism() + 1 }, () =>
      spawn(process.execPath, ['-e', 'const end = Date.now() + 5000; while (Date.now() < end);'], { stdio: 'ignore' }),
    );
    try {
      await sleep(300);
      const watched = burners[0]!.pid!;
      const window = startUsageWindow({ services: new Map([['oidc', watched]]), postgres: undefined });
      await sleep(1500);
      const usage = window.stop();
      expect(usage.cpuPercent.oidc).toBeGreaterThan(5);
      expect(usage.waitPercent.oidc).toBeGreaterThan(5);
      expect((usage.cpuPercent.oidc ?? 0) + (usage.waitPercent.oidc ?? 0)).toBeLessThanOrEqual(105);
    } finally {
      for (const burner of burners) burner.kill();
    }
  });
});
