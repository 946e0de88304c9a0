import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { adminTenantId, defaultTenantId, generateId } from '@idp/db';
import { connectors, signInExperiences } from '@idp/schemas';
import { and, eq } from 'drizzle-orm';
import type * as client from 'openid-client';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callApi,
  createManagementClient,
  ExperienceFlow,
  managementToken,
  startTestStack,
  type TestStack,
  registerSpa,
} from '../../src/index.ts';

// The connectors an administrator configures through the Management API, and proof that the
// Experience API then sends its codes through them.
let stack: TestStack;
let api: Awaited<ReturnType<typeof createManagementClient>>['apiClient'];
let token: string;
let rp: client.Configuration;
let folder: string;
let smtp: SMTPServer;
let smtpPort: number;
const call = (method: string, p: string, body?: unknown) => callApi(stack.userUrl, token, method, p, body);

const smtpPassword = 'Sup3r-Secret-SMTP-Pa55word';
const smtpConfig = (overrides: Record<string, unknown> = {}) => ({
  host: '127.0.0.1',
  port: smtpPort,
  secure: false,
  username: 'mailer',
  password: smtpPassword,
  fromEmail: 'noreply@idp.test',
  templates: [{ usageType: 'Generic', subject: 'Your code', content: 'Your code is {{code}}.' }],
  ...overrides,
});
/** No form of the SMTP password may appear in what the API answers. */
const expectNoPassword = (body: unknown) => {
  const text = JSON.stringify(body);
  expect(text).not.toContain(smtpPassword);
  expect(text).not.toContain(Buffer.from(smtpPassword).toString('base64'));
  expect(text).not.toContain(Buffer.from(`\u0000mailer\u0000${smtpPassword}`).toString('base64'));
};

const tenantRows = () => stack.database.db.select().from(connectors).where(eq(connectors.tenantId, defaultTenantId));
const readRecord = async (dir: string, file = 'mock-email-service.json') =>
  JSON.parse(await readFile(path.join(dir, file), 'utf8')) as { address?: string; phone?: string; code: string; type: string };

/** Asks the Experience API for a registration code by email, as the sign-in UI does. */
async function requestEmailCode(email: string) {
  const flow = new ExperienceFlow(stack);
  await flow.start(rp);
  await flow.api('PUT', '', { interactionEvent: 'Register' });
  return flow.api('POST', '/verification/verification-code', { identifier: { type: 'email', value: email }, interactionEvent: 'Register' });
}

beforeAll(async () => {
  stack = await startTestStack();
  const { db } = stack.database;
  const management = await createManagementClient(stack);
  api = management.apiClient;
  token = await managementToken(stack.userUrl, management.app);
  ({ rp } = await registerSpa(stack));
  await db
    .update(signInExperiences)
    .set({
      signUp: { identifiers: ['email'], password: true, verify: true },
      signIn: { methods: [{ identifier: 'email', password: true, verificationCode: true, isPasswordPrimary: true }] },
    })
    .where(eq(signInExperiences.tenantId, defaultTenantId));
  folder = await mkdtemp(path.join(tmpdir(), 'idp-connectors-api-'));

  // An SMTP server that refuses every login: the error must not carry the password back.
  smtp = new SMTPServer({
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    onAuth(_auth, _session, callback) {
      callback(new Error('Invalid username or password'));
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpPort = (smtp.server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  await stack?.stop();
  if (folder) await rm(folder, { recursive: true, force: true });
});

describe('connector factories', () => {
  it("lists every factory in Logto's shape", async () => {
    const { data, response } = await api.GET('/api/connector-factories');
    expect(response.status).toBe(200);
    const byId = new Map(data!.map((factory) => [factory.id, factory]));
    expect([...byId.keys()].sort()).toEqual([
      'http-sms',
      'mock-email-service',
      'mock-email-service-alternative',
      'mock-short-message-service',
      'mock-social-connector',
      'oidc',
      'smtp',
    ]);
    expect(byId.get('smtp')).toMatchObject({ type: 'Email', platform: null, isStandard: false, logoDark: null });
    expect(byId.get('http-sms')).toMatchObject({ type: 'Sms', platform: null });
    expect(byId.get('oidc')).toMatchObject({ type: 'Social', platform: 'Universal', target: 'oidc', isStandard: true });
    for (const factory of data!) {
      expect(typeof factory.name.en, factory.id).toBe('string');
      expect(typeof factory.description.en, factory.id).toBe('string');
      expect(factory.logo, factory.id).toMatch(/^data:image\/svg\+xml,/);
      expect(factory.readme.length, factory.id).toBeGreaterThan(0);
      expect(() => JSON.parse(factory.configTemplate!), factory.id).not.toThrow();
    }
  });

  it('reads one factory, and answers 404 for an unknown one', async () => {
    const { data } = await api.GET('/api/connector-factories/{id}', { params: { path: { id: 'mock-email-service' } } });
    expect(data).toMatchObject({ id: 'mock-email-service', type: 'Email', platform: null, isDevelopment: true });
    const unknown = await api.GET('/api/connector-factories/{id}', { params: { path: { id: 'no-such-factory' } } });
    expect(unknown.response.status).toBe(404);
    expect(unknown.error).toMatchObject({ code: 'entity.not_found' });
  });
});

describe('email and SMS connectors', () => {
  let emailConnectorId: string;

  it('starts without connectors, and the Experience API has none to send with', async () => {
    expect((await api.GET('/api/connectors')).data).toEqual([]);
    const sent = await requestEmailCode('nobody@example.com');
    expect(sent.body.code).toBe('connector.not_found');
  });

  it("creates a mock email connector whose folder then receives the Experience API's codes", async () => {
    const created = await api.POST('/api/connectors', { body: { connectorId: 'mock-email-service', config: { folder } } });
    expect(created.response.status).toBe(200);
    const connector = created.data!;
    expect(connector).toMatchObject({
      connectorId: 'mock-email-service',
      type: 'Email',
      platform: null,
      target: 'mock-mail',
      config: { folder },
      metadata: {},
      syncProfile: false,
      enableTokenStorage: false,
    });
    expect(connector.id).toMatch(/^[0-9a-z]{21}$/);
    emailConnectorId = connector.id;
    expect((await api.GET('/api/connectors/{id}', { params: { path: { id: connector.id } } })).data).toMatchObject({
      id: connector.id,
      config: { folder },
    });
    expect((await api.GET('/api/connectors')).data!.map(({ id }) => id)).toEqual([connector.id]);

    const sent = await requestEmailCode('Grace.Hopper@example.com');
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    const record = await readRecord(folder);
    expect(record).toMatchObject({ address: 'Grace.Hopper@example.com', type: 'Register' });
    expect(record.code).toMatch(/^\d{6}$/);
  });

  it('filters the list by target', async () => {
    expect((await api.GET('/api/connectors', { params: { query: { target: 'mock-mail' } } })).data!.map(({ id }) => id)).toEqual([
      emailConnectorId,
    ]);
    expect((await api.GET('/api/connectors', { params: { query: { target: 'nothing' } } })).data).toEqual([]);
  });

  it('sends a test message through a config without storing it', async () => {
    const testFolder = path.join(folder, 'test-send');
    const tested = await api.POST('/api/connectors/{factoryId}/test', {
      params: { path: { factoryId: 'mock-email-service' } },
      body: { email: 'admin@example.com', config: { folder: testFolder } },
    });
    expect(tested.response.status).toBe(204);
    expect(await readRecord(testFolder)).toMatchObject({ address: 'admin@example.com', code: '000000', type: 'Generic' });

    const smsFolder = path.join(folder, 'test-sms');
    const sms = await call('POST', '/api/connectors/mock-short-message-service/test', {
      phone: '+15551234567',
      config: { folder: smsFolder },
    });
    expect(sms.status).toBe(204);
    expect(await readRecord(smsFolder, 'mock-short-message-service.json')).toMatchObject({ phone: '+15551234567', code: '000000' });

    expect((await tenantRows()).length).toBe(1);
  });

  it('refuses test messages it cannot send', async () => {
    const config = { folder: path.join(folder, 'never') };
    expect(await call('POST', '/api/connectors/mock-email-service/test', { phone: '+15551234567', config })).toMatchObject({
      status: 400,
      body: { code: 'connector.unexpected_type' },
    });
    expect(await call('POST', '/api/connectors/no-such-factory/test', { email: 'a@example.com', config })).toMatchObject({
      status: 404,
      body: { code: 'connector.not_found' },
    });
    expect(await call('POST', '/api/connectors/oidc/test', { email: 'a@example.com', config })).toMatchObject({
      status: 404,
      body: { code: 'connector.not_found' },
    });
    expect(await call('POST', '/api/connectors/mock-email-service/test', { config })).toMatchObject({
      status: 400,
      body: { code: 'guard.invalid_input' },
    });
    expect(await call('POST', '/api/connectors/mock-email-service/test', { email: 'not-an-email', config })).toMatchObject({
      status: 400,
      body: { code: 'guard.invalid_input' },
    });
    expect(await call('POST', '/api/connectors/mock-email-service/test', { email: 'a@example.com', config: {} })).toMatchObject({
      status: 400,
      body: { code: 'connector.invalid_config' },
    });
  });

  it('refuses a second email connector, of any factory, with 422', async () => {
    for (const body of [
      { connectorId: 'mock-email-service', config: { folder: path.join(folder, 'second') } },
      { connectorId: 'smtp', config: smtpConfig() },
    ]) {
      const response = await call('POST', '/api/connectors', body);
      expect(response, body.connectorId).toMatchObject({
        status: 422,
        body: { code: 'connector.multiple_instances_not_supported', data: { connectorId: emailConnectorId, type: 'Email' } },
      });
      expectNoPassword(response.body);
    }
    expect((await tenantRows()).map(({ id }) => id)).toEqual([emailConnectorId]);
  });

  it('keeps one SMS connector beside the email one', async () => {
    const sms = await api.POST('/api/connectors', { body: { connectorId: 'mock-short-message-service', config: { folder } } });
    expect(sms.data).toMatchObject({ type: 'Sms', target: 'mock-sms' });
    const second = await call('POST', '/api/connectors', { connectorId: 'http-sms', config: { endpoint: 'https://sms.example.com/send' } });
    expect(second).toMatchObject({ status: 422, body: { code: 'connector.multiple_instances_not_supported' } });
    await api.DELETE('/api/connectors/{id}', { params: { path: { id: sms.data!.id } } });
  });

  it('updates a connector, validating the new config, and the next code follows it', async () => {
    const moved = path.join(folder, 'moved');
    const updated = await api.PATCH('/api/connectors/{id}', {
      params: { path: { id: emailConnectorId } },
      body: { config: { folder: moved } },
    });
    expect(updated.data).toMatchObject({ id: emailConnectorId, config: { folder: moved } });
    expect((await requestEmailCode('moved@example.com')).status).toBe(200);
    expect(await readRecord(moved)).toMatchObject({ address: 'moved@example.com' });

    const invalid = await call('PATCH', `/api/connectors/${emailConnectorId}`, { config: { folder: 42 } });
    expect(invalid).toMatchObject({
      status: 400,
      body: { code: 'connector.invalid_config', data: { issues: ['folder must be a string'] } },
    });
    expect(await call('PATCH', `/api/connectors/${emailConnectorId}`, { syncProfile: true })).toMatchObject({
      status: 422,
      body: { code: 'connector.invalid_type_for_syncing_profile' },
    });
    expect(await call('PATCH', `/api/connectors/${emailConnectorId}`, { metadata: { name: { en: 'Mine' } } })).toMatchObject({
      status: 400,
      body: { code: 'connector.cannot_overwrite_metadata_for_non_standard_connector' },
    });
    const [row] = await tenantRows();
    expect(row).toMatchObject({ config: { folder: moved }, syncProfile: false, metadata: {} });
  });

  it('deletes a connector, after which no code can be sent', async () => {
    expect((await api.DELETE('/api/connectors/{id}', { params: { path: { id: emailConnectorId } } })).response.status).toBe(204);
    const gone = await api.GET('/api/connectors/{id}', { params: { path: { id: emailConnectorId } } });
    expect(gone.response.status).toBe(404);
    expect(gone.error).toMatchObject({ code: 'entity.not_found' });
    expect(await call('DELETE', `/api/connectors/${emailConnectorId}`)).toMatchObject({
      status: 404,
      body: { code: 'entity.not_exists_with_id' },
    });
    expect(await call('PATCH', `/api/connectors/${emailConnectorId}`, { config: { folder } })).toMatchObject({ status: 404 });
    expect((await requestEmailCode('after@example.com')).body.code).toBe('connector.not_found');
  });
});

describe('connector input validation', () => {
  it('refuses an invalid config with 400 connector.invalid_config, listing the problems and storing nothing', async () => {
    const response = await call('POST', '/api/connectors', {
      connectorId: 'smtp',
      config: { host: '127.0.0.1', port: 'twenty-five', password: smtpPassword, templates: [] },
    });
    expect(response).toMatchObject({ status: 400, body: { code: 'connector.invalid_config' } });
    const issues = (response.body as { data: { issues: string[] } }).data.issues;
    expect(issues).toEqual(
      expect.arrayContaining(['port must be an integer from 1 to 65535', 'fromEmail is required', 'templates must be a non-empty array']),
    );
    expectNoPassword(response.body);
    expect(await tenantRows()).toEqual([]);
  });

  it('refuses an unknown factory with 422 connector.not_found_with_connector_id', async () => {
    expect(await call('POST', '/api/connectors', { connectorId: 'carrier-pigeon', config: {} })).toMatchObject({
      status: 422,
      body: { code: 'connector.not_found_with_connector_id' },
    });
  });

  it.each([
    ['an unknown field', { connectorId: 'mock-email-service', config: { folder: '/tmp/x' }, colour: 'red' }],
    ['a missing factory id', { config: { folder: '/tmp/x' } }],
    ['a factory id of the wrong type', { connectorId: 42, config: { folder: '/tmp/x' } }],
    ['a config that is no object', { connectorId: 'mock-email-service', config: '/tmp/x' }],
    ['a config that is an array', { connectorId: 'mock-email-service', config: ['/tmp/x'] }],
    ['syncProfile of the wrong type', { connectorId: 'mock-email-service', config: { folder: '/tmp/x' }, syncProfile: 'yes' }],
    ['an unknown metadata field', { connectorId: 'oidc', config: {}, metadata: { colour: 'red' } }],
    ['an id that is too long', { connectorId: 'mock-email-service', config: { folder: '/tmp/x' }, id: 'x'.repeat(22) }],
    ['token storage', { connectorId: 'mock-email-service', config: { folder: '/tmp/x' }, enableTokenStorage: true }],
  ])('refuses %s with 400 guard.invalid_input, creating nothing', async (_label, body) => {
    expect(await call('POST', '/api/connectors', body)).toMatchObject({ status: 400, body: { code: 'guard.invalid_input' } });
    expect(await tenantRows()).toEqual([]);
  });

  it('refuses bad updates, test bodies, ids and JSON', async () => {
    const { data: created } = await api.POST('/api/connectors', { body: { connectorId: 'mock-email-service', config: { folder } } });
    const id = created!.id;
    for (const body of [{ colour: 'red' }, { config: 'x' }, { syncProfile: 1 }, { connectorId: 'smtp' }, { id: 'other' }]) {
      expect(await call('PATCH', `/api/connectors/${id}`, body), JSON.stringify(body)).toMatchObject({
        status: 400,
        body: { code: 'guard.invalid_input' },
      });
    }
    expect(
      await call('POST', '/api/connectors/mock-email-service/test', { email: 'a@example.com', config: { folder }, colour: 'red' }),
    ).toMatchObject({
      status: 400,
      body: { code: 'guard.invalid_input' },
    });
    expect(await call('GET', `/api/connectors/${'x'.repeat(22)}`)).toMatchObject({ status: 400, body: { code: 'guard.invalid_input' } });
    expect(await call('POST', '/api/connectors', '{"connectorId":')).toMatchObject({ status: 400, body: { code: 'request.invalid_json' } });
    const [row] = await tenantRows();
    expect(row).toMatchObject({ id, connectorId: 'mock-email-service', config: { folder } });
    await api.DELETE('/api/connectors/{id}', { params: { path: { id } } });
  });
});

describe('secrets in SMTP configs', () => {
  it('keeps the password out of the answer when the SMTP server refuses the login', async () => {
    const response = await call('POST', '/api/connectors/smtp/test', { email: 'admin@example.com', config: smtpConfig() });
    expect(response).toMatchObject({ status: 400, body: { code: 'connector.general' } });
    expect((response.body as { message: string }).message).toMatch(/credentials/);
    expectNoPassword(response.body);
  });

  it('keeps the password out of the answer when the SMTP server cannot be reached', async () => {
    const closed = await new Promise<number>((resolve) => {
      const probe = new SMTPServer({ disabledCommands: ['STARTTLS'] });
      probe.listen(0, '127.0.0.1', () => {
        const { port } = probe.server.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const response = await call('POST', '/api/connectors/smtp/test', { email: 'admin@example.com', config: smtpConfig({ port: closed }) });
    expect(response).toMatchObject({ status: 400, body: { code: 'connector.general' } });
    expectNoPassword(response.body);
  });

  it('stores a valid SMTP config and returns it to the admin, as Logto does', async () => {
    const { data } = await api.POST('/api/connectors', { body: { connectorId: 'smtp', config: smtpConfig() } });
    expect(data).toMatchObject({ connectorId: 'smtp', type: 'Email', config: { password: smtpPassword } });
    // A config that fails validation on update is refused without echoing it.
    const invalid = await call('PATCH', `/api/connectors/${data!.id}`, { config: smtpConfig({ host: 7 }) });
    expect(invalid).toMatchObject({ status: 400, body: { code: 'connector.invalid_config' } });
    expectNoPassword(invalid.body);
    await api.DELETE('/api/connectors/{id}', { params: { path: { id: data!.id } } });
  });
});

describe('social connectors', () => {
  const oidcConfig = (issuer: string) => ({
    issuer,
    authorizationEndpoint: `${issuer}/authorize`,
    tokenEndpoint: `${issuer}/token`,
    jwksUri: `${issuer}/jwks`,
    clientId: 'client-id',
    clientSecret: 'client-secret',
  });

  it('adds several OIDC connectors, each with its own target, that the Experience API can use', async () => {
    const first = await api.POST('/api/connectors', {
      body: {
        connectorId: 'oidc',
        config: oidcConfig('https://one.example.com'),
        metadata: { target: 'one', name: { en: 'One' } },
        syncProfile: true,
      },
    });
    expect(first.response.status).toBe(200);
    expect(first.data).toMatchObject({
      type: 'Social',
      platform: 'Universal',
      target: 'one',
      name: { en: 'One' },
      syncProfile: true,
      metadata: { target: 'one', name: { en: 'One' } },
      config: { target: 'one' },
    });
    const second = await api.POST('/api/connectors', {
      body: { id: 'second-oidc', connectorId: 'oidc', config: { ...oidcConfig('https://two.example.com'), target: 'two' } },
    });
    expect(second.data).toMatchObject({ id: 'second-oidc', target: 'two', name: { en: 'OpenID Connect' } });

    const duplicate = await call('POST', '/api/connectors', {
      connectorId: 'oidc',
      config: oidcConfig('https://three.example.com'),
      metadata: { target: 'one' },
    });
    expect(duplicate).toMatchObject({
      status: 422,
      body: { code: 'connector.multiple_target_with_same_platform', data: { connectorId: first.data!.id } },
    });
    const taken = await call('POST', '/api/connectors', {
      connectorId: 'oidc',
      config: oidcConfig('https://two.example.com'),
      id: 'second-oidc',
    });
    expect(taken).toMatchObject({ status: 422, body: { code: 'entity.unique_integrity_violation' } });
    expect((await api.GET('/api/connectors')).data!.map(({ target }) => target).sort()).toEqual(['one', 'two']);

    const flow = new ExperienceFlow(stack);
    await flow.start(rp);
    await flow.api('PUT', '', { interactionEvent: 'SignIn' });
    const started = await flow.api('POST', '/verification/social/second-oidc/authorization-uri', {
      state: 'xyz',
      redirectUri: 'https://app.example.com/cb',
    });
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    expect(String(started.body.authorizationUri)).toMatch(/^https:\/\/two\.example\.com\/authorize\?/);
  });

  it("keeps a social connector's target, and drops a deleted one from the sign-in experience", async () => {
    const listed = (await api.GET('/api/connectors')).data!;
    const one = listed.find(({ target }) => target === 'one')!;
    expect(
      await call('PATCH', `/api/connectors/${one.id}`, { config: { ...oidcConfig('https://one.example.com'), target: 'uno' } }),
    ).toMatchObject({
      status: 400,
      body: { code: 'connector.can_not_modify_target' },
    });
    expect(await call('PATCH', `/api/connectors/${one.id}`, { metadata: { target: 'uno' } })).toMatchObject({
      status: 400,
      body: { code: 'connector.can_not_modify_target' },
    });
    const renamed = await api.PATCH('/api/connectors/{id}', {
      params: { path: { id: one.id } },
      body: { metadata: { name: { en: 'Uno' } }, syncProfile: false },
    });
    expect(renamed.data).toMatchObject({ target: 'one', name: { en: 'Uno' }, syncProfile: false, config: { target: 'one' } });

    const { db } = stack.database;
    await db
      .update(signInExperiences)
      .set({ socialSignInConnectorTargets: ['one', 'two'] })
      .where(eq(signInExperiences.tenantId, defaultTenantId));
    await api.DELETE('/api/connectors/{id}', { params: { path: { id: one.id } } });
    const [experience] = await db.select().from(signInExperiences).where(eq(signInExperiences.tenantId, defaultTenantId));
    expect(experience!.socialSignInConnectorTargets).toEqual(['two']);
    await api.DELETE('/api/connectors/{id}', { params: { path: { id: 'second-oidc' } } });
  });
});

describe('tenancy', () => {
  it("never shows or touches another tenant's connector", async () => {
    const { db } = stack.database;
    const id = generateId();
    const config = { folder: path.join(folder, 'admin-tenant') };
    await db.insert(connectors).values({ tenantId: adminTenantId, id, connectorId: 'mock-email-service', config });

    expect((await api.GET('/api/connectors')).data!.map((connector) => connector.id)).not.toContain(id);
    expect(await call('GET', `/api/connectors/${id}`)).toMatchObject({ status: 404, body: { code: 'entity.not_found' } });
    expect(await call('PATCH', `/api/connectors/${id}`, { config: { folder } })).toMatchObject({ status: 404 });
    expect(await call('DELETE', `/api/connectors/${id}`)).toMatchObject({ status: 404 });
    // The admin tenant's email connector does not stop this tenant from adding its own.
    const own = await api.POST('/api/connectors', { body: { connectorId: 'mock-email-service', config: { folder } } });
    expect(own.response.status).toBe(200);

    const [row] = await db
      .select()
      .from(connectors)
      .where(and(eq(connectors.tenantId, adminTenantId), eq(connectors.id, id)));
    expect(row).toMatchObject({ config });
  });
});
