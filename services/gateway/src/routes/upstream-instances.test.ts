import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { drainingHeader } from '@idp/server-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp, defaultListener, loadGatewayConfig } from '../app.ts';

// Several instances of one service behind the gateway (OIDC_URL lists them): plain HTTP servers
// standing in for the oidc service, each answering with its name and the body it received.
type Upstream = { url: string; server: Server; seen: number };
const started: Array<{ close: () => Promise<unknown> }> = [];

afterEach(async () => {
  for (const item of started.splice(0).reverse()) await item.close();
});

async function upstream(
  name: string,
  answer?: (request: IncomingMessage, response: ServerResponse, body: string) => void,
): Promise<Upstream> {
  const state: Upstream = { url: '', server: createServer(), seen: 0 };
  state.server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    state.seen += 1;
    let body = '';
    request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      if (answer) {
        answer(request, response, body);
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ name, method: request.method, body }));
    });
  });
  await new Promise<void>((resolve) => state.server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(state.server.address() as AddressInfo).port}`;
  started.push({
    close: async () => {
      state.server.closeAllConnections();
      await new Promise((resolve) => state.server.close(resolve));
    },
  });
  return state;
}

async function gateway(oidcUrl: string, env: Record<string, string> = {}) {
  const closedPort = 'http://127.0.0.1:9';
  const app = buildApp(
    loadGatewayConfig({
      INTERNAL_SECRET: 'a-secret-of-enough-length-for-tests',
      LOG_LEVEL: 'silent',
      OIDC_URL: oidcUrl,
      MANAGEMENT_API_URL: closedPort,
      EXPERIENCE_API_URL: closedPort,
      ACCOUNT_API_URL: closedPort,
      ...env,
    }),
    defaultListener,
  );
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  started.push({ close: async () => app.close() });
  return url;
}

const post = async (url: string, body: string) => {
  const response = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe('several instances of a service', () => {
  it('spreads requests over the instances listed in the URL setting', async () => {
    const a = await upstream('a');
    const b = await upstream('b');
    const url = await gateway(`${a.url},${b.url}`);
    for (let i = 0; i < 6; i++) expect((await fetch(`${url}/oidc/me`)).status).toBe(200);
    expect(a.seen).toBe(3);
    expect(b.seen).toBe(3);
  });

  it('sends a POST that an instance refused to connect to another instance, body intact', async () => {
    const b = await upstream('b');
    const url = await gateway(`http://127.0.0.1:9,${b.url}`);
    for (let i = 0; i < 4; i++) {
      expect(await post(`${url}/oidc/token`, `grant_type=client_credentials&n=${i}`)).toEqual({
        status: 200,
        body: { name: 'b', method: 'POST', body: `grant_type=client_credentials&n=${i}` },
      });
    }
  });

  it('sends a POST that a draining instance refused to another instance', async () => {
    const a = await upstream('a', (_request, response) => {
      response.writeHead(503, { 'content-type': 'application/json', connection: 'close', [drainingHeader]: 'refused' });
      response.end(JSON.stringify({ code: 'request.service_unavailable', message: 'draining' }));
    });
    const b = await upstream('b');
    const url = await gateway(`${a.url},${b.url}`);
    for (let i = 0; i < 4; i++) {
      expect(await post(`${url}/oidc/token`, 'grant_type=client_credentials')).toMatchObject({ status: 200, body: { name: 'b' } });
    }
    // Once refused, the draining instance is left alone for a while.
    expect(a.seen).toBe(1);
  });

  it('passes on a 503 that was not a draining refusal, without retrying', async () => {
    const a = await upstream('a', (_request, response) => {
      response.writeHead(503, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ code: 'oidc.temporarily_unavailable', message: 'database down' }));
    });
    const url = await gateway(a.url);
    expect(await post(`${url}/oidc/token`, 'x=1')).toMatchObject({ status: 503, body: { code: 'oidc.temporarily_unavailable' } });
    expect(a.seen).toBe(1);
  });

  it('answers 503 at once when no instance takes the connection', async () => {
    const url = await gateway('http://127.0.0.1:9');
    const startedAt = performance.now();
    expect(await post(`${url}/oidc/token`, 'x=1')).toMatchObject({ status: 503, body: { code: 'request.service_unavailable' } });
    expect(performance.now() - startedAt).toBeLessThan(2000);
  });

  it('answers 504 when an instance does not answer within GATEWAY_RESPONSE_TIMEOUT_MS', async () => {
    const silent = await upstream('silent', () => undefined);
    const url = await gateway(silent.url, { GATEWAY_RESPONSE_TIMEOUT_MS: '300' });
    const startedAt = performance.now();
    expect(await post(`${url}/oidc/token`, 'x=1')).toMatchObject({ status: 504, body: { code: 'request.gateway_timeout' } });
    expect(performance.now() - startedAt).toBeLessThan(3000);
  });
});
