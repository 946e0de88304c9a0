// Sends through a real SMTP server (smtp-server on loopback) and inspects what arrived on the wire.
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';

import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createConnector } from '../test/loopback-connectors.ts';
import { ConnectorError } from './index.ts';

const username = 'mailer';
const password = 'S3cret-smtp-pa55word';

type Received = { from: string; to: string[]; raw: string };

let server: SMTPServer;
let port: number;
const received: Received[] = [];

beforeAll(async () => {
  server = new SMTPServer({
    // No STARTTLS: the test server has no certificate the client would trust. Insecure AUTH is
    // allowed for the same reason; production servers use TLS.
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === username && auth.password === password) callback(null, { user: auth.username });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const baseConfig = () => ({
  host: '127.0.0.1',
  port,
  username,
  password,
  fromEmail: 'IdP <no-reply@idp.test>',
  templates: [
    { usageType: 'SignIn', subject: 'Your sign-in code {{code}}', content: 'Use {{ code }} to sign in.' },
    {
      usageType: 'Generic',
      subject: 'Verification code',
      content: '<p>Your code is <b>{{code}}</b></p>',
      contentType: 'text/html',
    },
  ],
});

function lastMessage(): Received {
  const message = received.at(-1);
  if (!message) throw new Error('no message arrived');
  return message;
}

describe('smtp connector', () => {
  it('sends the template for the usage type, with the code in subject and body', async () => {
    const connector = createConnector('smtp', baseConfig());
    expect(connector).toMatchObject({ factoryId: 'smtp', type: 'Email' });
    await connector.send({ to: 'alice@example.com', type: 'SignIn', payload: { code: '123456' } });

    const message = lastMessage();
    expect(message.to).toEqual(['alice@example.com']);
    expect(message.from).toBe('no-reply@idp.test');
    expect(message.raw).toMatch(/^Subject: Your sign-in code 123456\r?$/m);
    expect(message.raw).toMatch(/^To: alice@example\.com\r?$/m);
    expect(message.raw).toMatch(/^Content-Type: text\/plain/m);
    expect(message.raw).toContain('Use 123456 to sign in.');
  });

  it("fills Logto's other placeholders ({{link}}) from the payload, escaped in HTML", async () => {
    const config = baseConfig();
    config.templates.push({
      usageType: 'OrganizationInvitation',
      subject: 'Join {{organizationName}}',
      content: '<a href="{{link}}">Join</a> {{missing}}',
      contentType: 'text/html',
    });
    const connector = createConnector('smtp', config);
    const payload = { code: '', link: 'https://app.example/join?a&b', organizationName: 'Acme' };
    await connector.send({ to: 'erin@example.com', type: 'OrganizationInvitation', payload });

    const message = lastMessage();
    expect(message.raw).toMatch(/^Subject: Join Acme\r?$/m);
    expect(message.raw).toContain('https://app.example/join?a&#38;b');
    expect(message.raw).toContain('{{missing}}');
  });

  it('falls back to the Generic template, sent as HTML', async () => {
    const connector = createConnector('smtp', baseConfig());
    await connector.send({ to: 'bob@example.com', type: 'ForgotPassword', payload: { code: '654321' } });

    const message = lastMessage();
    expect(message.to).toEqual(['bob@example.com']);
    expect(message.raw).toMatch(/^Subject: Verification code\r?$/m);
    expect(message.raw).toMatch(/^Content-Type: text\/html/m);
    expect(message.raw).toContain('<b>654321</b>');
  });

  it('fails with template_not_found when neither the type nor Generic has a template', async () => {
    const config = { ...baseConfig(), templates: [baseConfig().templates[0]] };
    const connector = createConnector('smtp', config);
    await expect(connector.send({ to: 'carol@example.com', type: 'Register', payload: { code: '111111' } })).rejects.toMatchObject({
      name: 'ConnectorError',
      code: 'connector.template_not_found',
    });
  });

  it('refuses a recipient that is not a single address', async () => {
    const connector = createConnector('smtp', baseConfig());
    const before = received.length;
    await expect(connector.send({ to: 'a@example.com, b@example.com', type: 'SignIn', payload: { code: '1' } })).rejects.toMatchObject({
      code: 'connector.invalid_request_parameters',
    });
    expect(received.length).toBe(before);
  });

  it('reports rejected credentials as a ConnectorError that does not contain the password', async () => {
    const wrongPassword = 'Wr0ng-and-secret-pa55';
    const connector = createConnector('smtp', { ...baseConfig(), password: wrongPassword });
    const error: unknown = await connector.send({ to: 'alice@example.com', type: 'SignIn', payload: { code: '222222' } }).then(
      () => undefined,
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(ConnectorError);
    const connectorError = error as ConnectorError;
    expect(connectorError.code).toBe('connector.general');
    expect(connectorError.message).toMatch(/rejected the connector's credentials/);
    expect(connectorError.data).toMatchObject({ smtpCode: 'EAUTH', responseCode: 535 });
    const everything = `${connectorError.message} ${JSON.stringify(connectorError)} ${inspect(connectorError, { depth: 5 })}`;
    expect(everything).not.toContain(wrongPassword);
    expect(everything).not.toContain(Buffer.from(`\u0000${username}\u0000${wrongPassword}`).toString('base64'));
  });

  it('accepts Logto-style `auth: { user, pass }` credentials', async () => {
    const { username: _u, password: _p, ...rest } = baseConfig();
    const connector = createConnector('smtp', { ...rest, auth: { user: username, pass: password } });
    await connector.send({ to: 'dave@example.com', type: 'SignIn', payload: { code: '333333' } });
    expect(lastMessage().to).toEqual(['dave@example.com']);
  });

  it('rejects an invalid config with connector.invalid_config, naming every problem but no value', () => {
    const secret = 'n0t-to-be-echoed';
    const attempt = () =>
      createConnector('smtp', {
        host: 'smtp.example.com',
        port: 'twenty-five',
        username: 'x',
        password: secret,
        templates: [{ usageType: 'SignIn', subject: 'S' }],
        secure: secret,
      });
    expect(attempt).toThrowError(ConnectorError);
    try {
      attempt();
    } catch (error: unknown) {
      const { code, message } = error as ConnectorError;
      expect(code).toBe('connector.invalid_config');
      expect(message).toContain('port must be an integer from 1 to 65535');
      expect(message).toContain('fromEmail is required');
      expect(message).toContain('templates[0].content is required');
      expect(message).toContain('secure must be a boolean');
      expect(message).not.toContain(secret);
      expect(JSON.stringify(error)).not.toContain(secret);
    }
    expect(() => createConnector('smtp', null)).toThrowError(/must be a JSON object/);
    expect(() => createConnector('smtp', { ...baseConfig(), templates: [] })).toThrowError(/templates must be a non-empty array/);
  });

  it('keeps the password out of the connector’s JSON, string and inspected forms', () => {
    const connector = createConnector('smtp', baseConfig());
    expect(JSON.stringify(connector)).not.toContain(password);
    expect(String(connector)).not.toContain(password);
    expect(inspect(connector, { depth: 10, showHidden: true })).not.toContain(password);
  });
});
