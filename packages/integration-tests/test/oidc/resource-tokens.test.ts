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

const api = 'https://api.example.com';
let stack: TestStack;
let issuer: string;
let rp: client.Configuration;
let reader: { id: string };
let nobody: { id: string };

beforeAll(async () => {
  stack = await startTestStack();
  issuer = `${stack.userUrl}/oidc`;
  const { db } = stack.database;
  const { scopes } = await insertResource(db, defaultTenantId, api, ['read', 'write', 'delete'], 900);
  const role = await insertRole(db, defaultTenantId, { type: 'User', scopeIds: [scopes.read!], name: 'reader' });
  reader = await insertUser(db, defaultTenantId);
  nobody = await insertUser(db, defaultTenantId);
  await assignUserRole(db, defaultTenantId, reader.id, role.id);
  ({ rp } = await registerSpa(stack));
});
afterAll(async () => stack?.stop());

const verify = async (token: string) =>
  jose.jwtVerify(token, jose.createRemoteJWKSet(new URL(`${issuer}/jwks`)), { issuer, audience: api });

describe('access tokens for an API resource', () => {
  it("are JWTs for the resource carrying only the scopes the user's roles grant, with the resource's TTL", async () => {
    const { tokens } = await signInAndRedeem(stack, rp, reader.id, {
      scope: 'openid offline_access roles read write delete',
      resource: api,
    });
    // Without a resource at the token endpoint: the opaque token for userinfo.
    expect(tokens.access_token.split('.')).toHaveLength(1);
    expect(tokens.claims()).toMatchObject({ roles: ['reader'] });

    // As Logto's SDKs do in getAccessToken(resource): a refresh token grant naming the resource.
    const forApi = await client.refreshTokenGrant(rp, tokens.refresh_token!, { resource: api });
    const { payload } = await verify(forApi.access_token);
    expect(payload).toMatchObject({ sub: reader.id, aud: api, scope: 'read' });
    expect(payload.exp! - payload.iat!).toBe(900);
  });

  it('carry no scope at all for a user without roles on the resource', async () => {
    const { tokens } = await signInAndRedeem(stack, rp, nobody.id, { scope: 'openid offline_access read write', resource: api });
    const forApi = await client.refreshTokenGrant(rp, tokens.refresh_token!, { resource: api });
    const { payload } = await verify(forApi.access_token);
    expect(payload.scope ?? '').toBe('');
  });

  it('cannot be had for a resource that was not part of the authorization', async () => {
    const { tokens } = await signInAndRedeem(stack, rp, reader.id, { scope: 'openid offline_access read' });
    await expect(client.refreshTokenGrant(rp, tokens.refresh_token!, { resource: api })).rejects.toMatchObject({
      error: 'invalid_target',
    });
  });
});
