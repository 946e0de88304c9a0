// Local-development message connectors: instead of sending, they write the last message to a JSON
// file, where a developer (or an end-to-end test) reads the code. Only the last message is kept, and
// it is replaced atomically so a reader never sees a half-written file.
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { readConfig } from './config.ts';
import { ConnectorError, type Message, type MessageConnector } from './types.ts';

export const mockEmailFactoryId = 'mock-email-service';
export const mockSmsFactoryId = 'mock-short-message-service';

export type MockMessageConfig = {
  /** The folder the record file is written to; created when missing. */
  folder: string;
};

export function parseMockMessageConfig(factoryId: string, config: unknown): MockMessageConfig {
  return readConfig(factoryId, config, (r) => ({ folder: r.string('folder') }));
}

/** Where a mock connector with this folder writes its record. */
export function mockRecordPath(folder: string, factoryId: typeof mockEmailFactoryId | typeof mockSmsFactoryId): string {
  return path.join(folder, `${factoryId}.json`);
}

/** The record file's JSON shape: `address` for email, `phone` for SMS. */
export type MockEmailRecord = { address: string; code: string; type: Message['type']; payload: Message['payload'] };
export type MockSmsRecord = { phone: string; code: string; type: Message['type']; payload: Message['payload'] };

async function writeAtomically(file: string, content: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  // The temporary file sits in the same folder, so the rename stays on one file system and is atomic.
  const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, content, { mode: 0o600 });
    await rename(temporary, file);
  } catch (error: unknown) {
    await rm(temporary, { force: true });
    throw error;
  }
}

function createMockConnector(factoryId: typeof mockEmailFactoryId | typeof mockSmsFactoryId, rawConfig: unknown): MessageConnector {
  const { folder } = parseMockMessageConfig(factoryId, rawConfig);
  const file = mockRecordPath(folder, factoryId);
  const isEmail = factoryId === mockEmailFactoryId;

  const send = async ({ to, type, payload }: Message): Promise<void> => {
    const record: MockEmailRecord | MockSmsRecord = isEmail
      ? { address: to, code: payload.code, type, payload }
      : { phone: to, code: payload.code, type, payload };
    try {
      await writeAtomically(file, `${JSON.stringify(record, null, 2)}\n`);
    } catch (error: unknown) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new ConnectorError('connector.general', `The ${factoryId} connector could not write its record: ${reason}`);
    }
  };

  return { factoryId, type: isEmail ? 'Email' : 'Sms', send };
}

export function createMockEmailConnector(rawConfig: unknown): MessageConnector {
  return createMockConnector(mockEmailFactoryId, rawConfig);
}

export function createMockSmsConnector(rawConfig: unknown): MessageConnector {
  return createMockConnector(mockSmsFactoryId, rawConfig);
}
