// Email through any SMTP server, with per-usage templates. Each send opens its own connection (no
// pool): a connector instance may be created per request and must not leave sockets behind. The
// server's host goes through the outbound guard like any URL (a tenant admin must not point it at an
// internal address), and the connection is made to exactly the address the guard checked.
import { isIP } from 'node:net';

import { OutboundRefusedError } from '@idp/outbound';

import { readConfig } from './config.ts';
import { redact } from './redact.ts';
import { ConnectorError, networkError, type ConnectorContext, type Message, type MessageConnector } from './types.ts';

export const smtpFactoryId = 'smtp';

export type SmtpTemplate = {
  /** A MessageType (or any custom usage name); 'Generic' is the fallback for types without their own. */
  usageType: string;
  subject: string;
  content: string;
  contentType: 'text/plain' | 'text/html';
};

export type SmtpConfig = {
  host: string;
  port: number;
  username?: string;
  password?: string;
  /** Implicit TLS (SMTPS). Defaults to true on port 465 only; other ports upgrade with STARTTLS when offered. */
  secure?: boolean;
  /** The From header: an address, or `Name <address>`. */
  fromEmail: string;
  templates: SmtpTemplate[];
};

export function parseSmtpConfig(config: unknown): SmtpConfig {
  return readConfig(smtpFactoryId, config, (r) => {
    // Logto's SMTP connector nests credentials as `auth: { user, pass }`; accept that shape too so
    // configs copied from Logto keep working. The flat fields win when both are set.
    const auth = r.optionalObject('auth');
    const username = r.optionalString('username') ?? auth?.optionalString('user');
    const password = r.optionalString('password') ?? auth?.optionalString('pass');
    if (password !== undefined && username === undefined) r.addIssue('username', 'is required when a password is set');
    const secure = r.optionalBoolean('secure');
    return {
      host: r.string('host'),
      port: r.integer('port', 1, 65_535),
      ...(username === undefined ? {} : { username }),
      ...(password === undefined ? {} : { password }),
      ...(secure === undefined ? {} : { secure }),
      fromEmail: r.string('fromEmail'),
      templates: r.objectArray('templates').map((t) => ({
        usageType: t.string('usageType'),
        subject: t.string('subject'),
        content: t.string('content'),
        contentType: t.optionalEnum('contentType', ['text/plain', 'text/html'] as const) ?? 'text/plain',
      })),
    };
  });
}

// One plain address: no display name, no list. The address comes from an end user, and nodemailer
// would happily split "a@x, b@y" into two recipients.
const singleAddress = /^[^\s@<>,;:"()[\]\\]+@[^\s@<>,;:"()[\]\\]+$/;

// `{{code}}`, `{{link}}` and any other payload key, as in Logto's templates; unknown ones stay as written.
const placeholder = /\{\{\s*(\w+)\s*\}\}/g;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function createSmtpConnector(rawConfig: unknown, { outbound }: ConnectorContext): MessageConnector {
  const config = parseSmtpConfig(rawConfig);
  const { username, password } = config;
  const connect = async () => {
    let address: string;
    try {
      address = await outbound.resolve(config.host);
    } catch (error) {
      if (error instanceof OutboundRefusedError) throw networkError('The SMTP server', error);
      throw new ConnectorError('connector.general', `The SMTP server's host could not be resolved: ${(error as Error).message}`);
    }
    // Loaded at the first message, not at start-up: nodemailer is large and most tenants send no
    // email through SMTP; every service that may send one would carry it idle.
    const { createTransport } = await import('nodemailer');
    return createTransport({
      host: address,
      port: config.port,
      secure: config.secure ?? config.port === 465,
      // The certificate is checked against the configured name, not the address connected to.
      ...(isIP(config.host.replace(/^\[(.*)\]$/, '$1')) === 0 ? { tls: { servername: config.host } } : {}),
      ...(username === undefined ? {} : { auth: { user: username, pass: password ?? '' } }),
      // Fail within a request's lifetime rather than hanging on an unresponsive server.
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
  };
  // AUTH PLAIN sends base64("\0user\0pass"); make sure that form is redacted as well.
  const encodedCredentials = username === undefined ? [] : [Buffer.from(`\u0000${username}\u0000${password ?? ''}`).toString('base64')];

  const send = async ({ to, type, payload }: Message): Promise<void> => {
    if (!singleAddress.test(to)) {
      throw new ConnectorError('connector.invalid_request_parameters', 'The recipient must be a single email address.');
    }
    const template = config.templates.find((t) => t.usageType === type) ?? config.templates.find((t) => t.usageType === 'Generic');
    if (!template) {
      throw new ConnectorError(
        'connector.template_not_found',
        `The SMTP connector has no template for usage type "${type}" and no "Generic" template.`,
        { data: { usageType: type } },
      );
    }
    const html = template.contentType === 'text/html';
    const fill = (text: string, asHtml: boolean) =>
      text.replace(placeholder, (whole, key: string) => {
        const value = Object.hasOwn(payload, key) ? payload[key] : undefined;
        if (typeof value !== 'string') return whole;
        return asHtml ? escapeHtml(value) : value;
      });
    const body = fill(template.content, html);
    const transporter = await connect();
    try {
      await transporter.sendMail({
        from: config.fromEmail,
        to,
        subject: fill(template.subject, false),
        ...(html ? { html: body } : { text: body }),
      });
    } catch (error: unknown) {
      const details = error instanceof Error ? error : new Error(String(error));
      const smtpCode = 'code' in details && typeof details.code === 'string' ? details.code : undefined;
      const responseCode = 'responseCode' in details && typeof details.responseCode === 'number' ? details.responseCode : undefined;
      const reason = redact(details.message, [password], encodedCredentials);
      throw new ConnectorError(
        'connector.general',
        smtpCode === 'EAUTH'
          ? `The SMTP server rejected the connector's credentials: ${reason}`
          : `Sending the email through SMTP failed: ${reason}`,
        { data: { ...(smtpCode === undefined ? {} : { smtpCode }), ...(responseCode === undefined ? {} : { responseCode }) } },
      );
    }
  };

  return { factoryId: smtpFactoryId, type: 'Email', send };
}
