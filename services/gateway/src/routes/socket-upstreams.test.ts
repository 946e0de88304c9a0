import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { tenantHeader } from '@idp/server-kit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp, defaultListener, loadGatewayConfig } from '../app.ts';

// A service on a Unix socket only: its TCP URL points at a closed port, so an answer proves the
// gateway went through the socket.
let upstream: Server;
let gateway: ReturnType<typeof buildApp>;
let gatewayUrl: string;
const folder = mkdtempSync(path.join(tmpdir(), 'idp-gateway-socket-'));
const socketPath = path.join(folder, 'oidc.sock');

beforeAll(async () => {
  upstream = createServer((request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ url: request.url, tenant: request.headers[tenantHeader] }));
  });
  await new Promise<void>((resolve) => upstream.listen(socketPath, resolve));
  const closedPort = 'http://127.0.0.1:9';
  gateway = buildApp(
    loadGatewayConfig({
      INTERNAL_SECRET: 'a-secret-of-enough-length-for-tests',
      LOG_LEVEL: 'silent',
      OIDC_URL: closedPort,
      OIDC_SOCKET: socketPath,
      MANAGEMENT_API_URL: closedPort,
      EXPERIENCE_API_URL: closedPort,
      ACCOUNT_API_URL: closedPort,
    }),
    defaultListener,
  );
  gatewayUrl = await gateway.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await gateway?.close();
  await new Promise((resolve) => upstream?.close(resolve));
  rmSync(folder, { recursive: true, force: true });
});

it('proxies to a service through its Unix socket, and to the others by URL', async () => {
  const answer = await fetch(`${gatewayUrl}/oidc/me?x=1`);
  expect(answer.status).toBe(200);
  expect(await answer.json()).toEqual({ url: '/oidc/me?x=1', tenant: 'default' });
  // The management API has no socket here, and nothing listens at its URL.
  const unreachable = await fetch(`${gatewayUrl}/api/users`);
  expect(unreachable.status).toBe(503);
  expect(await unreachable.json()).toMatchObject({ code: 'request.service_unavailable' });
});
