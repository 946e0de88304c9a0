import { defaultTenantId, managementApiIndicator } from '@idp/db';
import { applicationsRoles, oidcModelInstances, roles } from '@idp/schemas';
import { and, eq } from 'drizzle-orm';
import * as jose from 'jose';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assignApplicationRole,
  discoverRp,
  insertApplication,
  insertResource,
  insertRole,
  startTestStack,
  type TestStack,
} from '../../src/index.ts';

let stack: TestStack;
let issuer: string;
let m2m: { id: string; secret: string };

beforeAll(async () => {
  stack = await startTestStack();
  issuer = `${stack.userUrl}/oidc`;
  const { db } = stack.database;
  m2m = await insertApplication(db, defaultTenantId, { type: 'MachineToMachine' });
  const [managementRole] = await db
    .select()
    .from(roles)
    .where(and(eq(roles.tenantId, defaultTenantId), eq(roles.name, 'Logto Management API access')));
  await assignApplicationRole(db, defaultTenantId, m2m.id, managementRole!.id);
});
afterAll(async () => stack?.stop());

const jwks = () => jose.createRemoteJWKSet(new URL(`${issuer}/jwks`));

describe('client credentials', () => {
  for (const method of ['basic', 'post'] as const) {
    it(`gives an M2M app with the Management API role a token the Management API accepts (client_secret_${method})`, async () => {
      const rp = await discoverRp(issuer, m2m.id, { secret: m2m.secret, method });
      const tokens = await client.clientCredentialsGrant(rp, { resource: managementApiIndicator, scope: 'all' });
      expect(tokens.token_type.toLowerCase()).toBe('bearer');
      expect(tokens.scope).toBe('all');
      const { payload, protectedHeader } = await jose.jwtVerify(tokens.access_token, jwks(), {
        issuer,
        audience: managementApiIndicator,
      });
      expect(protectedHeader.alg).toBe('ES256');
      expect(payload).toMatchObject({ client_id: m2m.id, scope: 'all', sub: m2m.id });
      expect(payload.exp! - payload.iat!).toBe(3600);
    });
  }

  it('refuses a wrong secret with invalid_client and no token', async () => {
    const rp = await discoverRp(issuer, m2m.id, { secret: `${m2m.secret}x` });
    const error = (await client
      .clientCredentialsGrant(rp, { resource: managementApiIndicator, scope: 'all' })
      .catch((caught: unknown) => caught)) as client.WWWAuthenticateChallengeError;
    expect(error).toBeInstanceOf(client.WWWAuthenticateChallengeError);
    expect(error.status).toBe(401);
    expect(error.cause[0]?.parameters.error).toBe('invalid_client');
  });

  it("never grants a scope the app's roles do not hold, and uses the resource's own TTL", async () => {
    const { db } = stack.database;
    const { scopes } = await insertResource(db, defaultTenantId, 'https://api.example.com', ['read', 'write'], 120);
    const app = await insertApplication(db, defaultTenantId, { type: 'MachineToMachine' });
    const reader = await insertRole(db, defaultTenantId, { type: 'MachineToMachine', scopeIds: [scopes.read!] });
    await assignApplicationRole(db, defaultTenantId, app.id, reader.id);
    const rp = await discoverRp(issuer, app.id, { secret: app.secret });

    const tokens = await client.clientCredentialsGrant(rp, { resource: 'https://api.example.com', scope: 'read write' });
    const { payload } = await jose.jwtVerify(tokens.access_token, jwks(), { issuer, audience: 'https://api.example.com' });
    expect(payload.scope).toBe('read');
    expect(payload.exp! - payload.iat!).toBe(120);

    // Without the Management API role, asking for `all` gets a token without it.
    const withoutRole = await client.clientCredentialsGrant(rp, { resource: managementApiIndicator, scope: 'all' });
    const { payload: narrowed } = await jose.jwtVerify(withoutRole.access_token, jwks(), { issuer, audience: managementApiIndicator });
    expect(narrowed.scope ?? '').toBe('');
    await expect(client.clientCredentialsGrant(rp, { resource: 'https://unknown.example.com', scope: 'read' })).rejects.toMatchObject({
      error: 'invalid_target',
    });
    await db.delete(applicationsRoles).where(eq(applicationsRoles.applicationId, app.id));
  });

  it('reflects a role granted or removed in the database in the very next token, every time', async () => {
    // The OP caches what roles grant; a change committed by another process must still count at once.
    const { db } = stack.database;
    const { scopes } = await insertResource(db, defaultTenantId, 'https://fresh.example.com', ['read']);
    const app = await insertApplication(db, defaultTenantId, { type: 'MachineToMachine' });
    const reader = await insertRole(db, defaultTenantId, { type: 'MachineToMachine', scopeIds: [scopes.read!] });
    const rp = await discoverRp(issuer, app.id, { secret: app.secret });
    const grantedScope = async () => {
      const tokens = await client.clientCredentialsGrant(rp, { resource: 'https://fresh.example.com', scope: 'read' });
      return (jose.decodeJwt(tokens.access_token).scope as string | undefined) ?? '';
    };
    for (let round = 0; round < 15; round += 1) {
      await assignApplicationRole(db, defaultTenantId, app.id, reader.id);
      expect(await grantedScope(), `round ${round}, granted`).toBe('read');
      await db.delete(applicationsRoles).where(eq(applicationsRoles.applicationId, app.id));
      expect(await grantedScope(), `round ${round}, removed`).toBe('');
    }
  });
});

describe('introspection and revocation', () => {
  it('reports active, revoked and expired tokens', async () => {
    const rp = await discoverRp(issuer, m2m.id, { secret: m2m.secret });
    const active = await client.clientCredentialsGrant(rp, { scope: '' });
    const introspected = await client.tokenIntrospection(rp, active.access_token);
    expect(introspected).toMatchObject({ active: true, client_id: m2m.id });

    await client.tokenRevocation(rp, active.access_token);
    expect((await client.tokenIntrospection(rp, active.access_token)).active).toBe(false);

    const expiring = await client.clientCredentialsGrant(rp, { scope: '' });
    await stack.database.db
      .update(oidcModelInstances)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(and(eq(oidcModelInstances.tenantId, defaultTenantId), eq(oidcModelInstances.modelName, 'ClientCredentials')));
    expect((await client.tokenIntrospection(rp, expiring.access_token)).active).toBe(false);
  });

  it("lets a resource server introspect another app's token, but only the owner revoke it", async () => {
    const owner = await discoverRp(issuer, m2m.id, { secret: m2m.secret });
    const token = (await client.clientCredentialsGrant(owner, { scope: '' })).access_token;
    const other = await insertApplication(stack.database.db, defaultTenantId, { type: 'MachineToMachine' });
    const otherRp = await discoverRp(issuer, other.id, { secret: other.secret });
    expect(await client.tokenIntrospection(otherRp, token)).toMatchObject({ active: true, client_id: m2m.id });
    // RFC 7009 answers 200 whatever happened; the token must simply stay valid.
    await client.tokenRevocation(otherRp, token);
    expect((await client.tokenIntrospection(owner, token)).active).toBe(true);
  });

  it('does not introspect for a caller without valid credentials', async () => {
    const response = await fetch(`${issuer}/token/introspection`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: 'anything', client_id: m2m.id, client_secret: 'wrong' }),
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: 'invalid_client' });
  });

  it('answers a request with no client authentication at all with 401 invalid_client, as RFC 6749 and Logto do', async () => {
    for (const [path, fields] of [
      ['/token', { grant_type: 'client_credentials', resource: managementApiIndicator, scope: 'all' }],
      ['/token/introspection', { token: 'anything' }],
      ['/token/revocation', { token: 'anything' }],
    ] as const) {
      const response = await fetch(`${issuer}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields),
      });
      expect(response.status, path).toBe(401);
      expect(await response.json(), path).toMatchObject({ error: 'invalid_client' });
    }
  });
});
