// Logto's mock connectors write to a real temporary folder: this file gives itself its own (TMPDIR),
// so the records other test runs write under the system's temporary folder never mix with its own.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { createConnector } from '../test/loopback-connectors.ts';
import {
  availableConnectorFactories,
  mockConnectorFilePaths,
  mockConnectorsEnabled,
  mockRecordPath,
  mockSocialAuthorizationEndpoint,
} from './index.ts';

let root: string;
let folder: string;
const originalTmpdir = process.env.TMPDIR;

const originalSwitch = process.env.MOCK_CONNECTORS;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'idp-mock-connectors-'));
  process.env.TMPDIR = root;
  process.env.MOCK_CONNECTORS = 'true';
});
afterAll(async () => {
  if (originalTmpdir === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = originalTmpdir;
  if (originalSwitch === undefined) delete process.env.MOCK_CONNECTORS;
  else process.env.MOCK_CONNECTORS = originalSwitch;
  await rm(root, { recursive: true, force: true });
});
beforeEach(async () => {
  folder = await mkdtemp(path.join(root, 'folder-'));
  await rm(path.join(root, 'logto'), { recursive: true, force: true });
});

const readText = (file: string) => readFile(file, 'utf8');
const readJson = async (file: string): Promise<unknown> => JSON.parse(await readText(file));

// Logto's config shapes, as its console saves them.
const logtoEmailConfig = {
  apiKey: 'key',
  fromEmail: 'noreply@example.com',
  fromName: 'Example',
  templates: [
    { usageType: 'SignIn', type: 'text/plain', subject: 'Sign in: {{code}}', content: 'Your sign-in code is {{code}}.' },
    { usageType: 'Generic', type: 'text/html', subject: 'Code', content: '<p>{{code}}</p>' },
  ],
};
const logtoSmsConfig = {
  accountSID: 'sid',
  authToken: 'token',
  fromMessagingServiceSID: 'service',
  templates: [{ usageType: 'Register', content: 'Code {{code}}' }],
};

describe("Logto's mock message connectors", () => {
  it('write the record where Logto does, under the temporary folder', () => {
    expect(mockConnectorFilePaths.Email).toBe(path.join(root, 'logto', 'mock_email_record.txt'));
    expect(mockConnectorFilePaths.Sms).toBe(path.join(root, 'logto', 'mock_sms_record.txt'));
  });

  it('mock-email-service takes Logto’s config and writes one JSON line with the template, subject and content', async () => {
    const connector = createConnector('mock-email-service', logtoEmailConfig);
    expect(connector).toMatchObject({ factoryId: 'mock-email-service', type: 'Email' });
    await connector.send({ to: 'alice@example.com', type: 'SignIn', payload: { code: '123456', locale: 'en' } });
    const text = await readText(mockConnectorFilePaths.Email);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')).toHaveLength(2);
    expect(JSON.parse(text)).toStrictEqual({
      address: 'alice@example.com',
      code: '123456',
      type: 'SignIn',
      payload: { code: '123456', locale: 'en' },
      template: logtoEmailConfig.templates[0],
      subject: 'Sign in: 123456',
      content: 'Your sign-in code is 123456.',
    });
  });

  it("falls back to the Generic template, and refuses a type without one with Logto's template_not_found", async () => {
    const connector = createConnector('mock-email-service', logtoEmailConfig);
    await connector.send({ to: 'bob@example.com', type: 'ForgotPassword', payload: { code: '222222' } });
    expect(await readJson(mockConnectorFilePaths.Email)).toMatchObject({ type: 'ForgotPassword', content: '<p>222222</p>' });

    const sms = createConnector('mock-short-message-service', logtoSmsConfig);
    await expect(sms.send({ to: '15555550100', type: 'SignIn', payload: { code: '1' } })).rejects.toMatchObject({
      name: 'ConnectorError',
      code: 'connector.template_not_found',
    });
  });

  it('mock-short-message-service writes { phone, code, type, payload }, the last message replacing the one before', async () => {
    const connector = createConnector('mock-short-message-service', logtoSmsConfig);
    expect(connector).toMatchObject({ factoryId: 'mock-short-message-service', type: 'Sms' });
    await connector.send({ to: '15555550100', type: 'Register', payload: { code: '111111' } });
    await connector.send({ to: '15555550199', type: 'Register', payload: { code: '333333' } });
    expect(await readJson(mockConnectorFilePaths.Sms)).toStrictEqual({
      phone: '15555550199',
      code: '333333',
      type: 'Register',
      payload: { code: '333333' },
    });
    // Renamed into place: no temporary file is left beside the record.
    expect(await readdir(path.dirname(mockConnectorFilePaths.Sms))).toEqual(['mock_sms_record.txt']);
  });

  it('mock-email-service-alternative takes an all-optional config and writes { address, code, type, payload }', async () => {
    const connector = createConnector('mock-email-service-alternative', {
      templates: [{ usageType: 'Generic', type: 'text/plain', subject: 's', content: '{{code}}' }],
    });
    expect(connector).toMatchObject({ factoryId: 'mock-email-service-alternative', type: 'Email' });
    await connector.send({ to: 'carol@example.com', type: 'Register', payload: { code: '444444' } });
    expect(await readJson(mockConnectorFilePaths.Email)).toStrictEqual({
      address: 'carol@example.com',
      code: '444444',
      type: 'Register',
      payload: { code: '444444' },
    });
    // Without templates it accepts the config, but has nothing to send with.
    await expect(
      createConnector('mock-email-service-alternative', {}).send({ to: 'c@example.com', type: 'SignIn', payload: { code: '1' } }),
    ).rejects.toMatchObject({ code: 'connector.template_not_found' });
  });

  it("refuses configs that are neither Logto's shape nor a folder, listing every problem", () => {
    expect(() => createConnector('mock-email-service', {})).toThrow(
      expect.objectContaining({
        code: 'connector.invalid_config',
        data: expect.objectContaining({ issues: ['apiKey is required', 'fromEmail is required', 'templates must be an array'] }),
      }),
    );
    expect(() =>
      createConnector('mock-email-service', { ...logtoEmailConfig, templates: [{ usageType: 'SignIn', type: 'text/rtf', subject: 1 }] }),
    ).toThrow(
      expect.objectContaining({
        data: expect.objectContaining({
          issues: [
            'templates[0].type must be "text/plain" or "text/html"',
            'templates[0].subject must be a string',
            'templates[0].content must be a string',
          ],
        }),
      }),
    );
    expect(() => createConnector('mock-short-message-service', { templates: [] })).toThrow(
      expect.objectContaining({ code: 'connector.invalid_config', message: expect.stringContaining('accountSID is required') }),
    );
  });
});

describe('the folder of earlier configs', () => {
  it('still works alone: the record also lands in <folder>/<factory id>.json, the folder created', async () => {
    const nested = path.join(folder, 'not', 'yet', 'there');
    const connector = createConnector('mock-email-service', { folder: nested });
    await connector.send({ to: 'dan@example.com', type: 'SignIn', payload: { code: '555555' } });
    const expected = { address: 'dan@example.com', code: '555555', type: 'SignIn', payload: { code: '555555' } };
    expect(mockRecordPath(nested, 'mock-email-service')).toBe(path.join(nested, 'mock-email-service.json'));
    expect(await readJson(path.join(nested, 'mock-email-service.json'))).toStrictEqual(expected);
    expect(await readJson(mockConnectorFilePaths.Email)).toStrictEqual(expected);
  });

  it('keeps email and SMS records side by side, and concurrent sends leave one complete record', async () => {
    const email = createConnector('mock-email-service', { folder });
    await createConnector('mock-short-message-service', { folder }).send({ to: '15555550101', type: 'Generic', payload: { code: '1' } });
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        email.send({ to: `user${i}@example.com`, type: 'SignIn', payload: { code: String(100000 + i) } }),
      ),
    );
    expect((await readdir(folder)).sort()).toEqual(['mock-email-service.json', 'mock-short-message-service.json']);
    const record = (await readJson(path.join(folder, 'mock-email-service.json'))) as { address: string; code: string };
    expect(record.code).toBe(String(100000 + Number(record.address.match(/\d+/)?.[0])));
  });

  it('fails with a ConnectorError when the folder cannot be created', async () => {
    await writeFile(path.join(folder, 'a-file'), 'x');
    const connector = createConnector('mock-email-service', { folder: path.join(folder, 'a-file', 'records') });
    await expect(connector.send({ to: 'a@example.com', type: 'SignIn', payload: { code: '1' } })).rejects.toMatchObject({
      name: 'ConnectorError',
      code: 'connector.general',
    });
  });
});

describe("Logto's mock social connector", () => {
  const mockSocial = () => createConnector('mock-social-connector', { clientId: 'client', clientSecret: 'secret' });

  it('takes { clientId, clientSecret } and sends the browser to the mock provider with state and redirect URI', async () => {
    const connector = mockSocial();
    expect(connector).toMatchObject({ factoryId: 'mock-social-connector', type: 'Social', target: 'mock-social' });
    const uri = new URL(await connector.getAuthorizationUri({ state: 'st', redirectUri: 'https://app.example.com/callback' }));
    expect(`${uri.origin}/`).toBe(mockSocialAuthorizationEndpoint);
    expect(Object.fromEntries(uri.searchParams)).toEqual({
      state: 'st',
      redirect_uri: 'https://app.example.com/callback',
      scope: 'email profile',
    });
    expect(() => createConnector('mock-social-connector', {})).toThrow(expect.objectContaining({ code: 'connector.invalid_config' }));
  });

  it('signs in whoever connectorData names, with its profile; a new random user without userId', async () => {
    const connector = mockSocial();
    const info = await connector.getUserInfo({
      code: 'any',
      redirectUri: 'https://app.example.com/callback',
      connectorData: { code: 'any', state: 'st', userId: 'social-1', email: 'e@example.com', name: 'Eve', phone: '15555550102' },
    });
    expect(info).toEqual({
      id: 'social-1',
      email: 'e@example.com',
      emailVerified: true,
      name: 'Eve',
      phone: '15555550102',
      rawData: { code: 'any', userId: 'social-1', email: 'e@example.com', name: 'Eve', phone: '15555550102' },
    });
    const first = await connector.getUserInfo({ code: 'c', redirectUri: 'r' });
    const second = await connector.getUserInfo({ code: 'c', redirectUri: 'r' });
    expect(first.id).toMatch(/^mock-social-sub-[0-9a-f-]{36}$/);
    expect(second.id).not.toBe(first.id);
    await expect(connector.getUserInfo({ code: 'c', redirectUri: 'r', connectorData: { userId: 42 } })).rejects.toMatchObject({
      code: 'connector.invalid_response',
    });
  });
});

describe('the MOCK_CONNECTORS switch', () => {
  it('hides every mock factory while it is off, and only then', () => {
    process.env.MOCK_CONNECTORS = 'false';
    try {
      expect(mockConnectorsEnabled()).toBe(false);
      expect(availableConnectorFactories().map(({ id }) => id)).toEqual(['smtp', 'http-sms', 'oidc']);
      for (const id of ['mock-email-service', 'mock-email-service-alternative', 'mock-short-message-service', 'mock-social-connector']) {
        expect(() => createConnector(id, { folder }), id).toThrow(expect.objectContaining({ code: 'connector.not_found' }));
      }
      delete process.env.MOCK_CONNECTORS;
      expect(mockConnectorsEnabled()).toBe(false);
    } finally {
      process.env.MOCK_CONNECTORS = 'true';
    }
    expect(availableConnectorFactories()).toHaveLength(7);
    expect(createConnector('mock-email-service', { folder })).toMatchObject({ type: 'Email' });
  });
});
