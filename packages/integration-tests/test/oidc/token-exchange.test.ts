import { defaultTenantId } from '@idp/db';
import * as jose from 'jose';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assignUserRole,
  insertResource,
  insertRole,
  insertUser,
  signInAndRedeem,
  registerSpa,
  startTestStack,
  type TestStack,
} from '../../src/index.ts';

const grantType = 'urn:ietf:params:oauth:grant-type:token-exchange';
const accessTokenType = 'urn:ietf:params:oauth:token-type:access_token';
const api = 'https://exchange.example.com';
let stack: TestStack;
let issuer: string;
let exchanger: client.Configuration;
let other: client.Configuration;
let user: { id: string };

beforeAll(async () => {
  stack = await startTestStack();
  issuer = `${stack.userUrl}/oidc`;
  const { db } = stack.database;
  ({ rp: exchanger } = await registerSpa(stack, { customClientMetadata: { allowTokenExchange: true } }));
  ({ rp: other } = await registerSpa(stack));
  const { scopes } = await insertResource(db, defaultTenantId, api, ['read', 'write']);
  const role = await insertRole(db, defaultTenantId, { type: 'User', scopeIds: [scopes.read!] });
  user = await insertUser(db, defaultTenantId);
  await assignUserRole(db, defaultTenantId, user.id, role.id);
});
afterAll(async () => stack?.stop());

const exchange = (config: client.Configuration, parameters: Record<string, string>) =>
  client.genericGrantRequest(config, grantType, { subject_token_type: accessTokenType, ...parameters });

describe('token exchange (RFC 8693)', () => {
  it('is advertised in discovery', () => {
    expect(exchanger.serverMetadata().grant_types_supported).toContain(grantType);
  });

  it("trades a user's access token for a JWT for an API resource, with only the scopes the user's roles grant", async () => {
    const { tokens } = await signInAndRedeem(stack, exchanger, user.id, { scope: 'openid profile' });
    const exchanged = await exchange(exchanger, { subject_token: tokens.access_token, resource: api, scope: 'read write' });
    expect(exchanged).toMatchObject({ issued_token_type: accessTokenType, token_type: 'bearer', scope: 'read' });
    expect(exchanged.refresh_token).toBeUndefined();
    const { payload } = await jose.jwtVerify(exchanged.access_token, jose.createRemoteJWKSet(new URL(`${issuer}/jwks`)), {
      issuer,
      audience: api,
    });
    expect(payload).toMatchObject({ sub: user.id, scope: 'read' });
  });

  it('never widens the scopes of an opaque token', async () => {
    const { tokens } = await signInAndRedeem(stack, exchanger, user.id, { scope: 'openid' });
    const exchanged = await exchange(exchanger, { subject_token: tokens.access_token, scope: 'openid profile email' });
    expect(exchanged.scope).toBe('openid');
    const userinfo = await client.fetchUserInfo(exchanger, exchanged.access_token, user.id);
    expect(userinfo).not.toHaveProperty('email');
  });

  it("refuses apps not allowed to exchange tokens, other apps' tokens and bad subject tokens", async () => {
    const mine = await signInAndRedeem(stack, other, user.id, { scope: 'openid' });
    // oidc-provider answers a grant type the client is not registered for with invalid_request.
    await expect(exchange(other, { subject_token: mine.tokens.access_token })).rejects.toMatchObject({
      error: 'invalid_request',
    });
    await expect(exchange(exchanger, { subject_token: mine.tokens.access_token })).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    await expect(exchange(exchanger, { subject_token: 'not-a-token' })).rejects.toMatchObject({ error: 'invalid_grant' });
    const { tokens } = await signInAndRedeem(stack, exchanger, user.id, { scope: 'openid' });
    await expect(
      exchange(exchanger, { subject_token: tokens.access_token, subject_token_type: 'urn:ietf:params:oauth:token-type:id_token' }),
    ).rejects.toMatchObject({ error: 'invalid_request' });
    await client.tokenRevocation(exchanger, tokens.access_token);
    await expect(exchange(exchanger, { subject_token: tokens.access_token })).rejects.toMatchObject({ error: 'invalid_grant' });
  });
});
