import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { internalSecretHeader, tenantHeader } from '@idp/server-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheTtlMs, createAccessTokenResolver } from '../src/libraries/access-tokens.ts';

// The resolver against a plain HTTP server standing in for the oidc service's internal lookup,
// with a clock the test moves: how long an answer is kept, and what is never kept.
const secret = 'the-internal-secret-of-tests';
let server: Server;
let url: string;
const seen: Array<{ tenant: unknown; secret: unknown; token: string }> = [];
let answer: { status: number; body: unknown } = { status: 404, body: { code: 'entity.not_found', message: 'x' } };

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on('end', () => {
      seen.push({
        tenant: request.headers[tenantHeader],
        secret: request.headers[internalSecretHeader],
        token: (JSON.parse(body) as { token: string }).token,
      });
      response.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const live = (expiresAt: number) => ({
  status: 200,
  body: { accountId: 'user-1', clientId: 'app-1', scopes: ['openid', 'profile'], expiresAt },
});

describe('access token resolver', () => {
  it('asks the oidc service with the tenant and the internal secret, and keeps an answer for less than a second', async () => {
    let now = 1_000_000;
    const resolver = createAccessTokenResolver(url, secret, { now: () => now });
    answer = live(now + 60_000);
    seen.length = 0;

    expect(await resolver.resolve('default', 'token-a')).toMatchObject({ accountId: 'user-1', scopes: ['openid', 'profile'] });
    expect(seen).toEqual([{ tenant: 'default', secret, token: 'token-a' }]);

    // Revoked meanwhile: within the second the cached answer stands, after it the new one counts.
    answer = { status: 404, body: { code: 'entity.not_found', message: 'gone' } };
    now += cacheTtlMs - 1;
    expect(await resolver.resolve('default', 'token-a')).toBeDefined();
    expect(seen).toHaveLength(1);
    now += 1;
    expect(await resolver.resolve('default', 'token-a')).toBeUndefined();
    expect(seen).toHaveLength(2);

    // The same token for another tenant is another question.
    expect(await resolver.resolve('admin', 'token-a')).toBeUndefined();
    expect(seen.at(-1)).toMatchObject({ tenant: 'admin' });
    await resolver.close();
  });

  it('treats a token past its expiry as unknown even while cached, and does not keep failures', async () => {
    let now = 2_000_000;
    const resolver = createAccessTokenResolver(url, secret, { now: () => now });
    answer = live(now + 500);
    expect(await resolver.resolve('default', 'token-b')).toBeDefined();
    now += 500;
    expect(await resolver.resolve('default', 'token-b')).toBeUndefined();

    seen.length = 0;
    answer = { status: 500, body: { code: 'request.internal_error', message: 'x' } };
    await expect(resolver.resolve('default', 'token-c')).rejects.toMatchObject({ code: 'request.bad_gateway' });
    answer = live(now + 60_000);
    expect(await resolver.resolve('default', 'token-c')).toBeDefined();
    expect(seen).toHaveLength(2);

    // An answer of another shape is a bad gateway too, never a signed-in user.
    answer = { status: 200, body: { accountId: 1 } };
    await expect(resolver.resolve('default', 'token-d')).rejects.toMatchObject({ code: 'request.bad_gateway' });
    await resolver.close();
  });

  it("forgets the user's answers at once when told this service revoked their tokens, and only that user's", async () => {
    const now = 3_000_000;
    const resolver = createAccessTokenResolver(url, secret, { now: () => now });
    answer = live(now + 60_000);
    expect(await resolver.resolve('default', 'token-f')).toBeDefined();
    answer = { status: 200, body: { ...live(now + 60_000).body, accountId: 'user-2' } };
    expect(await resolver.resolve('default', 'token-g')).toBeDefined();
    seen.length = 0;

    // Revoked: user-1's token is asked again within the second; user-2's answer and another tenant's stay.
    answer = { status: 404, body: { code: 'entity.not_found', message: 'gone' } };
    resolver.forgetAccount('admin', 'user-1');
    expect(await resolver.resolve('default', 'token-f')).toBeDefined();
    resolver.forgetAccount('default', 'user-1');
    expect(await resolver.resolve('default', 'token-f')).toBeUndefined();
    expect(await resolver.resolve('default', 'token-g')).toMatchObject({ accountId: 'user-2' });
    expect(seen.map(({ token }) => token)).toEqual(['token-f']);
    await resolver.close();
  });

  it('answers 503 when the oidc service cannot be reached', async () => {
    const resolver = createAccessTokenResolver('http://127.0.0.1:9', secret);
    await expect(resolver.resolve('default', 'token-e')).rejects.toMatchObject({ code: 'request.service_unavailable' });
    await resolver.close();
  });
});
