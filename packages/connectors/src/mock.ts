// Logto's built-in mock connectors, for local development and teams' own tests. The message ones
// do not send: like Logto's, they write the last message as one line of JSON to
// `<system temp folder>/logto/mock_email_record.txt` or `…/mock_sms_record.txt`, where a test reads
// the code. They take Logto's config shapes (a config exported from Logto works unchanged), and, as
// before, an optional `folder` where the same record is also written as `<folder>/<factory id>.json`.
// The social one signs anyone in: its "provider" is the verify call's own `connectorData`.
// Files are replaced atomically, so a reader never sees a half-written record.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { isRecord, readConfig, type ConfigReader } from './config.ts';
import {
  ConnectorError,
  type AuthorizationUriParams,
  type Message,
  type MessageConnector,
  type SocialConnector,
  type SocialUserInfo,
  type UserInfoParams,
} from './types.ts';

export const mockEmailFactoryId = 'mock-email-service';
export const mockEmailAlternativeFactoryId = 'mock-email-service-alternative';
export const mockSmsFactoryId = 'mock-short-message-service';
export const mockSocialFactoryId = 'mock-social-connector';

type MockMessageFactoryId = typeof mockEmailFactoryId | typeof mockEmailAlternativeFactoryId | typeof mockSmsFactoryId;

/**
 * Where Logto's mock connectors leave the last message: `logto/` under the system's temporary
 * folder, looked up at each send (so `TMPDIR` can give a test run its own).
 */
export const mockConnectorFilePaths = {
  get Email(): string {
    return path.join(tmpdir(), 'logto', 'mock_email_record.txt');
  },
  get Sms(): string {
    return path.join(tmpdir(), 'logto', 'mock_sms_record.txt');
  },
};

/** A template of Logto's mock email config (`type` is the content type, text/plain or text/html). */
export type MockEmailTemplate = { usageType: string; type: 'text/plain' | 'text/html'; subject: string; content: string };
export type MockSmsTemplate = { usageType: string; content: string };

export type MockMessageConfig = {
  /** Also write the record to `<folder>/<factory id>.json` (created when missing). */
  folder?: string;
  /** Logto's templates; when given, the message's type must have one (or a `Generic` one). */
  templates?: Array<MockEmailTemplate | MockSmsTemplate>;
};

/** Where a mock connector with this folder also writes its record. */
export function mockRecordPath(folder: string, factoryId: MockMessageFactoryId): string {
  return path.join(folder, `${factoryId}.json`);
}

/** The record's JSON shape, as Logto's mock connectors write it: `address` for email, `phone` for SMS. */
export type MockEmailRecord = {
  address: string;
  code: string;
  type: Message['type'];
  payload: Message['payload'];
  /** mock-email-service with templates: the template used and what it gave. */
  template?: MockEmailTemplate;
  subject?: string;
  content?: string;
};
export type MockSmsRecord = { phone: string; code: string; type: Message['type']; payload: Message['payload'] };

const contentTypes = ['text/plain', 'text/html'] as const;

// Logto's shapes, field for field. Every field is optional when `folder` is set (this platform's
// own shape), and for the alternative email connector, whose Logto config is all optional.
const logtoFields: Record<MockMessageFactoryId, string[]> = {
  [mockEmailFactoryId]: ['apiKey', 'fromEmail'],
  [mockEmailAlternativeFactoryId]: [],
  [mockSmsFactoryId]: ['accountSID', 'authToken', 'fromMessagingServiceSID'],
};

function readTemplates(factoryId: MockMessageFactoryId, r: ConfigReader, raw: unknown, required: boolean): MockMessageConfig['templates'] {
  if (raw === undefined && !required) return undefined;
  if (!Array.isArray(raw)) {
    r.addIssue('templates', 'must be an array');
    return undefined;
  }
  const isEmail = factoryId !== mockSmsFactoryId;
  return raw.flatMap((item, index) => {
    if (!isRecord(item)) {
      r.addIssue(`templates[${index}]`, 'must be an object');
      return [];
    }
    const text = (key: string) => {
      if (typeof item[key] === 'string') return item[key];
      r.addIssue(`templates[${index}].${key}`, 'must be a string');
      return '';
    };
    if (!isEmail) return [{ usageType: text('usageType'), content: text('content') }];
    const type = item.type;
    if (!contentTypes.includes(type as never)) r.addIssue(`templates[${index}].type`, 'must be "text/plain" or "text/html"');
    return [{ usageType: text('usageType'), type: type as MockEmailTemplate['type'], subject: text('subject'), content: text('content') }];
  });
}

export function parseMockMessageConfig(factoryId: MockMessageFactoryId, config: unknown): MockMessageConfig {
  return readConfig(factoryId, config, (r) => {
    const raw = isRecord(config) ? config : {};
    const folder = r.optionalString('folder');
    // A `folder` given (even a wrong one) means this platform's earlier shape: only it is judged.
    const logtoShaped = raw.folder === undefined || raw.folder === null || raw.folder === '';
    for (const key of logtoFields[factoryId]) {
      if (logtoShaped) r.string(key);
      else r.optionalString(key);
    }
    if (factoryId !== mockSmsFactoryId) r.optionalString('fromName');
    const read = readTemplates(factoryId, r, raw.templates, logtoShaped && factoryId !== mockEmailAlternativeFactoryId);
    // Logto's alternative connector needs a template at send time even though its config may omit them.
    const templates = read ?? (factoryId === mockEmailAlternativeFactoryId ? [] : undefined);
    return { ...(folder === undefined ? {} : { folder }), ...(templates === undefined ? {} : { templates }) };
  });
}

/** Logto's choice of template: the one for the message's type, else the `Generic` one. */
function pickTemplate<T extends { usageType: string }>(templates: readonly T[], type: string): T | undefined {
  return templates.find((template) => template.usageType === type) ?? templates.find((template) => template.usageType === 'Generic');
}

/** `{{code}}` and other `{{payload key}}` placeholders filled from the payload; unknown ones are left as written. */
function fill(text: string, payload: Message['payload']): string {
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => {
    const value = (payload as Record<string, unknown>)[key];
    return typeof value === 'string' ? value : whole;
  });
}

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

function createMockMessageConnector(factoryId: MockMessageFactoryId, rawConfig: unknown): MessageConnector {
  const { folder, templates } = parseMockMessageConfig(factoryId, rawConfig);
  const isEmail = factoryId !== mockSmsFactoryId;

  const send = async ({ to, type, payload }: Message): Promise<void> => {
    const template = templates === undefined ? undefined : pickTemplate(templates, type);
    if (templates !== undefined && !template) {
      throw new ConnectorError('connector.template_not_found', `The ${factoryId} connector has no template for ${type} messages.`, {
        data: { type },
      });
    }
    // Only mock-email-service records what its template gave (Logto's alternative one does not).
    const emailTemplate = factoryId === mockEmailFactoryId ? (template as MockEmailTemplate | undefined) : undefined;
    const record: MockEmailRecord | MockSmsRecord = !isEmail
      ? { phone: to, code: payload.code, type, payload }
      : emailTemplate
        ? {
            address: to,
            code: payload.code,
            type,
            payload,
            template: emailTemplate,
            subject: fill(emailTemplate.subject, payload),
            content: fill(emailTemplate.content, payload),
          }
        : { address: to, code: payload.code, type, payload };
    const line = `${JSON.stringify(record)}\n`;
    try {
      await writeAtomically(isEmail ? mockConnectorFilePaths.Email : mockConnectorFilePaths.Sms, line);
      if (folder !== undefined) await writeAtomically(mockRecordPath(folder, factoryId), line);
    } catch (error: unknown) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new ConnectorError('connector.general', `The ${factoryId} connector could not write its record: ${reason}`);
    }
  };

  return { factoryId, type: isEmail ? 'Email' : 'Sms', send };
}

export const createMockEmailConnector = (rawConfig: unknown): MessageConnector => createMockMessageConnector(mockEmailFactoryId, rawConfig);
export const createMockEmailAlternativeConnector = (rawConfig: unknown): MessageConnector =>
  createMockMessageConnector(mockEmailAlternativeFactoryId, rawConfig);
export const createMockSmsConnector = (rawConfig: unknown): MessageConnector => createMockMessageConnector(mockSmsFactoryId, rawConfig);

/** Where the mock social connector "sends" the browser: a host that does not exist, as in Logto. */
export const mockSocialAuthorizationEndpoint = 'http://mock-social/';

/**
 * Logto's mock social connector (config `{ clientId, clientSecret }`). Its authorization URI names a
 * host that does not exist; a test skips the browser leg and calls the verify step with
 * `connectorData: { code, state, userId?, email?, phone?, name?, avatar? }`: the user is whoever
 * `userId` says (a new random one without it), with the given profile.
 */
export function createMockSocialConnector(rawConfig: unknown): SocialConnector {
  readConfig(mockSocialFactoryId, rawConfig, (r) => ({ clientId: r.string('clientId'), clientSecret: r.string('clientSecret') }));

  const getAuthorizationUri = async ({ state, redirectUri }: AuthorizationUriParams): Promise<string> =>
    `${mockSocialAuthorizationEndpoint}?${new URLSearchParams({ state, redirect_uri: redirectUri, scope: 'email profile' })}`;

  const getUserInfo = async ({ code, connectorData = {} }: UserInfoParams): Promise<SocialUserInfo> => {
    const data: Record<string, unknown> = { ...connectorData, code };
    const text = (key: string) => {
      const value = data[key];
      if (value !== undefined && typeof value !== 'string') {
        throw new ConnectorError('connector.invalid_response', `The mock social data's \`${key}\` must be a string.`);
      }
      return value;
    };
    const fields = { email: text('email'), phone: text('phone'), name: text('name'), avatar: text('avatar') };
    const rawData = Object.fromEntries(Object.entries(data).filter(([key]) => key !== 'state' && key !== 'redirectUri'));
    return {
      id: text('userId') ?? `mock-social-sub-${randomUUID()}`,
      ...Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)),
      // Logto takes a social connector's email as the provider vouches for it; so does this one.
      ...(fields.email === undefined ? {} : { emailVerified: true }),
      rawData,
    };
  };

  return { factoryId: mockSocialFactoryId, type: 'Social', target: 'mock-social', getAuthorizationUri, getUserInfo };
}
