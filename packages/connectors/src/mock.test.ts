// The development connectors write to a real temporary folder.
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createConnector } from '../test/loopback-connectors.ts';
import { mockRecordPath } from './index.ts';

let root: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'idp-connectors-'));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const readJson = async (file: string): Promise<unknown> => JSON.parse(await readFile(file, 'utf8'));

describe('mock message connectors', () => {
  it('mock-email-service writes { address, code, type, payload }, creating the folder', async () => {
    const folder = path.join(root, 'not', 'yet', 'there');
    const connector = createConnector('mock-email-service', { folder });
    expect(connector).toMatchObject({ factoryId: 'mock-email-service', type: 'Email' });

    await connector.send({ to: 'alice@example.com', type: 'SignIn', payload: { code: '123456', locale: 'en' } });

    const file = path.join(folder, 'mock-email-service.json');
    expect(mockRecordPath(folder, 'mock-email-service')).toBe(file);
    expect(await readJson(file)).toStrictEqual({
      address: 'alice@example.com',
      code: '123456',
      type: 'SignIn',
      payload: { code: '123456', locale: 'en' },
    });
  });

  it('mock-short-message-service writes { phone, code, type, payload }, and a second message replaces the first', async () => {
    const connector = createConnector('mock-short-message-service', { folder: root });
    expect(connector).toMatchObject({ factoryId: 'mock-short-message-service', type: 'Sms' });

    await connector.send({ to: '+15555550100', type: 'Register', payload: { code: '111111' } });
    await connector.send({ to: '+15555550199', type: 'ForgotPassword', payload: { code: '222222' } });

    expect(await readJson(path.join(root, 'mock-short-message-service.json'))).toStrictEqual({
      phone: '+15555550199',
      code: '222222',
      type: 'ForgotPassword',
      payload: { code: '222222' },
    });
    // The temporary files were renamed into place: only the record is left.
    expect(await readdir(root)).toEqual(['mock-short-message-service.json']);
  });

  it('email and SMS records live side by side in one folder', async () => {
    await createConnector('mock-email-service', { folder: root }).send({
      to: 'bob@example.com',
      type: 'Generic',
      payload: { code: '333333' },
    });
    await createConnector('mock-short-message-service', { folder: root }).send({
      to: '+15555550101',
      type: 'Generic',
      payload: { code: '444444' },
    });
    expect((await readdir(root)).sort()).toEqual(['mock-email-service.json', 'mock-short-message-service.json']);
  });

  it('concurrent sends leave one complete record', async () => {
    const connector = createConnector('mock-email-service', { folder: root });
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        connector.send({ to: `user${i}@example.com`, type: 'SignIn', payload: { code: String(100000 + i) } }),
      ),
    );
    const record = (await readJson(path.join(root, 'mock-email-service.json'))) as { address: string; code: string };
    expect(record.code).toBe(String(100000 + Number(record.address.match(/\d+/)?.[0])));
    expect(await readdir(root)).toEqual(['mock-email-service.json']);
  });

  it('fails with a ConnectorError when the folder cannot be created', async () => {
    // A regular file where a parent folder should be.
    await writeFile(path.join(root, 'a-file'), 'x');
    const connector = createConnector('mock-email-service', { folder: path.join(root, 'a-file', 'records') });
    await expect(connector.send({ to: 'a@example.com', type: 'SignIn', payload: { code: '1' } })).rejects.toMatchObject({
      name: 'ConnectorError',
      code: 'connector.general',
    });
  });

  it('requires a folder', () => {
    expect(() => createConnector('mock-email-service', {})).toThrow(
      expect.objectContaining({ code: 'connector.invalid_config', message: expect.stringContaining('folder is required') }),
    );
  });
});
