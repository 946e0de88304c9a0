// Sign-up and sign-in methods that send codes need the connector to send them: without an Email
// (Sms) connector, email (phone) sign-up and sign-in by code are refused with Logto's 400
// `sign_in_experiences.enabled_connector_not_found`, and nothing is stored.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ManagementTest, startManagementTest, type TestStack } from './test-stack.ts';

let stack: TestStack;
let call: ManagementTest['call'];
let folder: string;

const read = async () => (await call('GET', '/api/sign-in-exp')).body as Record<string, unknown>;
const patch = (body: unknown) => call('PATCH', '/api/sign-in-exp', body);
const method = (identifier: string, password: boolean, verificationCode: boolean) => ({
  identifier,
  password,
  verificationCode,
  isPasswordPrimary: password,
});
const usernameMethod = method('username', true, false);

const refusal = (type: 'Email' | 'Sms') => ({
  status: 400,
  body: { code: 'sign_in_experiences.enabled_connector_not_found', message: `Enabled ${type} connector is not found.` },
});

beforeAll(async () => {
  ({ stack, call } = await startManagementTest());
  folder = await mkdtemp(path.join(tmpdir(), 'sie-connectors-'));
});
afterAll(async () => {
  await stack?.stop();
  if (folder) await rm(folder, { recursive: true, force: true });
});

describe('sign-in experience methods without a connector', () => {
  it.each([
    [
      'email sign-up',
      'Email',
      {
        signUp: { identifiers: ['email'], password: true, verify: true },
        signIn: { methods: [usernameMethod, method('email', true, false)] },
      },
    ],
    ['email sign-in by verification code', 'Email', { signIn: { methods: [usernameMethod, method('email', false, true)] } }],
    [
      'phone sign-up',
      'Sms',
      {
        signUp: { identifiers: ['phone'], password: true, verify: true },
        signIn: { methods: [usernameMethod, method('phone', true, false)] },
      },
    ],
    ['phone sign-in by verification code', 'Sms', { signIn: { methods: [usernameMethod, method('phone', true, true)] } }],
  ] as const)('refuses %s, storing nothing', async (_label, type, body) => {
    const before = await read();
    expect(await patch(body)).toMatchObject(refusal(type));
    expect(await read()).toEqual(before);
  });

  it('still allows email sign-in by password alone, which sends no code', async () => {
    const response = await patch({ signIn: { methods: [usernameMethod, method('email', true, false)] } });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ signIn: { methods: [usernameMethod, method('email', true, false)] } });
    expect((await patch({ signIn: { methods: [usernameMethod] } })).status).toBe(200);
  });

  it('reports a malformed combination first, as before (400 with its own code)', async () => {
    expect(await patch({ signUp: { identifiers: ['email'], password: false, verify: false } })).toMatchObject({
      status: 400,
      body: { code: 'sign_in_experiences.passwordless_requires_verify' },
    });
  });
});

describe('with the connectors in place', () => {
  it('accepts email and phone sign-up and code sign-in once both connectors exist, and not before', async () => {
    const both = {
      signUp: { identifiers: ['email', 'phone'], password: false, verify: true },
      signIn: { methods: [method('email', false, true), method('phone', false, true), usernameMethod] },
    };
    expect((await call('POST', '/api/connectors', { connectorId: 'mock-email-service', config: { folder } })).status).toBe(200);
    // Email is there now; the phone half still lacks its connector.
    expect(await patch(both)).toMatchObject(refusal('Sms'));

    const sms = await call('POST', '/api/connectors', { connectorId: 'mock-short-message-service', config: { folder } });
    expect(sms.status).toBe(200);
    const saved = await patch(both);
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject(both);
  });
});
