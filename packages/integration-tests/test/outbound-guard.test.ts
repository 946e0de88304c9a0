// Server-side request forgery through connectors: with the production default (no
// OUTBOUND_ALLOW_HOSTS), a connector pointed at loopback reaches nothing there, whether an admin
// tests it or an anonymous visitor triggers it; with the allow-list, the same connector works.
import { createServer, type Server } from 'node:http';
import { type AddressInfo, createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import { defaultTenantId } from '@idp/db';
import { connectors } from '@idp/schemas';
import type * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callApi,
  callbackUrl,
  createManagementClient,
  discoverRp,
  ExperienceFlow,
  insertApplication,
  insertUser,
  managementToken,
  signInAndRedeem,
  startTestStack,
  type TestStack,
} from '../src/index.ts';

// A loopback HTTP server and a TCP port that count whatever reaches them.
let http: Server;
let tcp: TcpServer;
let httpPort: number;
let tcpPort: number;
let httpRequests = 0;
let tcpConnections = 0;

beforeAll(async () => {
  http = createServer((_request, response) => {
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

async function adminCall(stack: TestStack) {
  const management = await createManagementClient(stack);
  const token = await managementToken(stack.userUrl, management.app);
  return (method: string, path: string, body?: unknown) => callApi(stack.userUrl, token, method, path, body);
}

/** Signs a user in to an app whose back-channel logout URI is the counting server, then logs out. */
async function logOutOfBackChannelApp(stack: TestStack) {
  const { db } = stack.database;
  const issuer = `${stack.userUrl}/oidc`;
  const signedOut = 'http://127.0.0.1:9/signed-out';
  const app = await insertApplication(db, defaultTenantId, {
    type: 'Traditional',
    oidcClientMetadata: {
      redirectUris: [callbackUrl],
      postLogoutRedirectUris: [signedOut],
      backchannelLogoutUri: `http://127.0.0.1:${httpPort}/backchannel`,
      backchannelLogoutSessionRequired: true,
    },
  });
  const user = await insertUser(db, defaultTenantId);
  const rp = await discoverRp(issuer, app.id, { secret: app.secret });
  const { session } = await signInAndRedeem(stack, rp, user.id);
  const url = new URL(`${issuer}/session/end`);
  url.search = new URLSearchParams({ client_id: app.id, post_logout_redirect_uri: signedOut }).toString();
  const page = await session.fetch(url);
  await session.submitLogoutForm(await page.text(), `${issuer}/session/end`);
}

describe('with no OUTBOUND_ALLOW_HOSTS (the production default)', () => {
  let stack: TestStack;
  let call: Awaited<ReturnType<typeof adminCall>>;
  let rp: client.Configuration;

  beforeAll(async () => {
    stack = await startTestStack({ outboundAllowHosts: '' });
    call = await adminCall(stack);
    const spa = await insertApplication(stack.database.db, defaultTenantId, {
      type: 'SPA',
      oidcClientMetadata: { redirectUris: [callbackUrl], postLogoutRedirectUris: [] },
    });
    rp = await discoverRp(`${stack.userUrl}/oidc`, spa.id);
  });
  afterAll(async () => stack?.stop());

  it.each(['127.0.0.1', 'localhost', '[::1]', '2130706433', '0x7f.1', '[::ffff:127.0.0.1]'])(
    'an HTTP SMS endpoint on %s is not reached, and the admin is told why',
    async (host) => {
      httpRequests = 0;
      const response = await call('POST', '/api/connectors/http-sms/test', {
        phone: '+15551234567',
        config: { endpoint: `http://${host}:${httpPort}/sms` },
      });
      expect(response).toMatchObject({ status: 400, body: { code: 'connector.general', data: { outboundRefused: true } } });
      expect((response.body as { message: string }).message).toMatch(/is a loopback address; .*OUTBOUND_ALLOW_HOSTS/);
      expect(httpRequests).toBe(0);
    },
  );

  it('an SMTP server on loopback is not connected to', async () => {
    tcpConnections = 0;
    const response = await call('POST', '/api/connectors/smtp/test', {
      email: 'admin@example.com',
      config: {
        host: 'localhost',
        port: tcpPort,
        fromEmail: 'noreply@example.com',
        templates: [{ usageType: 'Generic', subject: 'Code', content: '{{code}}' }],
      },
    });
    expect(response).toMatchObject({ status: 400, body: { code: 'connector.general' } });
    expect((response.body as { message: string }).message).toMatch(/^The SMTP server is not allowed: .*loopback/);
    expect(tcpConnections).toBe(0);
  });

  it("an anonymous visitor asking for a loopback provider's authorization URL fetches nothing and learns nothing", async () => {
    httpRequests = 0;
    await stack.database.db.insert(connectors).values({
      tenantId: defaultTenantId,
      id: 'loopback-oidc',
      connectorId: 'oidc',
      config: { issuer: `http://127.0.0.1:${httpPort}/oidc`, clientId: 'client', clientSecret: 'secret', target: 'loopback' },
    });
    const flow = new ExperienceFlow(stack);
    await flow.start(rp);
    await flow.api('PUT', '', { interactionEvent: 'SignIn' });
    const started = await flow.api('POST', '/verification/social/loopback-oidc/authorization-uri', {
      state: 'state-1',
      redirectUri: 'https://app.example.com/callback',
    });
    expect(started).toMatchObject({ status: 400, body: { code: 'connector.general', message: 'The provider is not reachable.' } });
    expect(JSON.stringify(started.body)).not.toMatch(/127\.0\.0\.1|loopback|OUTBOUND/);
    expect(httpRequests).toBe(0);
  });

  it('back-channel logout is not posted to an app on loopback', async () => {
    httpRequests = 0;
    await logOutOfBackChannelApp(stack);
    // The OP posts after answering the logout; give it the time the allowed case below needs.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(httpRequests).toBe(0);
  });
});

describe('with loopback in OUTBOUND_ALLOW_HOSTS', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ outboundAllowHosts: '127.0.0.1' });
  });
  afterAll(async () => stack?.stop());

  it('the same HTTP SMS endpoint is reached', async () => {
    httpRequests = 0;
    const call = await adminCall(stack);
    const response = await call('POST', '/api/connectors/http-sms/test', {
      phone: '+15551234567',
      config: { endpoint: `http://127.0.0.1:${httpPort}/sms` },
    });
    expect(response.status, JSON.stringify(response.body)).toBe(204);
    expect(httpRequests).toBe(1);
  });

  it('back-channel logout is posted to the same app', async () => {
    httpRequests = 0;
    await logOutOfBackChannelApp(stack);
    await expect.poll(() => httpRequests, { timeout: 5000 }).toBe(1);
  });
});
