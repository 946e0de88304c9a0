// Connectors reach other hosts only through the outbound guard: configured with a loopback address
// and no allow-list, nothing reaches the loopback servers below (they count every connection).
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer } from 'node:net';

import { createOutbound, parseAllowList, publicOnly } from '@idp/outbound';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { clearOidcCaches, ConnectorError, createConnector, isOutboundRefusal, type ConnectorContext } from './index.ts';

let http: Server;
let tcp: TcpServer;
let httpPort: number;
let tcpPort: number;
let httpRequests = 0;
let tcpConnections = 0;

const strict: ConnectorContext = { outbound: createOutbound(publicOnly) };
const loopbackAllowed: ConnectorContext = { outbound: createOutbound(parseAllowList('127.0.0.0/8,::1')) };

beforeAll(async () => {
  http = createHttpServer((_request, response) => {
    httpRequests += 1;
    response.writeHead(204).end();
  });
  tcp = createTcpServer((socket) => {
    tcpConnections += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => http.listen(0, '::', resolve));
  await new Promise<void>((resolve) => tcp.listen(0, '::', resolve));
  httpPort = (http.address() as AddressInfo).port;
  tcpPort = (tcp.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((resolve) => http.close(resolve));
  await new Promise((resolve) => tcp.close(resolve));
});
beforeEach(() => {
  httpRequests = 0;
  tcpConnections = 0;
  clearOidcCaches();
});

const message = { to: '+15555550123', type: 'SignIn', payload: { code: '123456' } } as const;

async function refusal(promise: Promise<unknown>): Promise<ConnectorError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ConnectorError);
  expect(isOutboundRefusal(error)).toBe(true);
  return error as ConnectorError;
}

describe('connectors behind the outbound guard', () => {
  it.each(['127.0.0.1', 'localhost', '[::1]', '2130706433', '0x7f.1', '[::ffff:127.0.0.1]'])(
    'an HTTP SMS endpoint on %s is not reached without an allow-list',
    async (host) => {
      const connector = createConnector('http-sms', { endpoint: `http://${host}:${httpPort}/sms` }, strict);
      const error = await refusal(connector.send(message));
      expect(error).toMatchObject({ code: 'connector.general' });
      expect(error.message).toMatch(/^The SMS endpoint is not allowed: .* is a loopback address; .*OUTBOUND_ALLOW_HOSTS/);
      expect(httpRequests).toBe(0);
    },
  );

  it('an HTTP SMS endpoint on loopback is reached when the allow-list names it', async () => {
    await createConnector('http-sms', { endpoint: `http://127.0.0.1:${httpPort}/sms` }, loopbackAllowed).send(message);
    expect(httpRequests).toBe(1);
  });

  it('an OpenID provider on loopback: its discovery document is not fetched for an authorization URL', async () => {
    const connector = createConnector('oidc', { issuer: `http://127.0.0.1:${httpPort}/oidc`, clientId: 'c', clientSecret: 's' }, strict);
    const error = await refusal(connector.getAuthorizationUri({ state: 'state', redirectUri: 'https://app.example.com/callback' }));
    expect(error.message).toContain("The OpenID provider's discovery document is not allowed");
    expect(httpRequests).toBe(0);
  });

  it('an OpenID provider with configured loopback endpoints: the token endpoint is not called', async () => {
    const base = `http://localhost:${httpPort}`;
    const connector = createConnector(
      'oidc',
      {
        issuer: base,
        clientId: 'c',
        clientSecret: 's',
        authorizationEndpoint: `${base}/auth`,
        tokenEndpoint: `${base}/token`,
        jwksUri: `${base}/jwks`,
      },
      strict,
    );
    await refusal(connector.getUserInfo({ code: 'code', redirectUri: 'https://app.example.com/callback' }));
    expect(httpRequests).toBe(0);
  });

  it.each(['127.0.0.1', 'localhost', '::1'])('an SMTP server on %s is not connected to without an allow-list', async (host) => {
    const connector = createConnector(
      'smtp',
      {
        host,
        port: tcpPort,
        fromEmail: 'noreply@example.com',
        templates: [{ usageType: 'Generic', subject: 'Code', content: '{{code}}' }],
      },
      strict,
    );
    const error = await refusal(connector.send({ ...message, to: 'user@example.com' }));
    expect(error.message).toMatch(/^The SMTP server is not allowed: /);
    expect(tcpConnections).toBe(0);
  });
});
