import { adminTenantId, defaultTenantId, managementApiIndicator } from '@idp/db';
import { toPrivateJwks, type StoredKey } from '@idp/oidc-keys';
import { logtoConfigs, resources, scopes } from '@idp/schemas';
import { internalSecretHeader, tenantHeader } from '@idp/server-kit';
import { and, eq } from 'drizzle-orm';
import * as jose from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp as buildManagementApi } from '../src/app.ts';
import {
  assignApplicationRole,
  callApi,
  createManagementApp,
  insertApplication,
  insertResource,
  insertRole,
  managementToken,
  startTestStack,
  type TestStack,
} from './test-stack.ts';

let stack: TestStack;
let admin: { id: string; secret: string };

beforeAll(async () => {
  stack = await startTestStack();
  admin = await createManagementApp(stack.database.db);
});
afterAll(async () => stack?.stop());

/** A tenant's current private signing key, as its OP holds it. */
async function tenantSigningKey(tenantId = defaultTenantId) {
  const [row] = await stack.database.db
    .select({ value: logtoConfigs.value })
    .from(logtoConfigs)
    .where(and(eq(logtoConfigs.tenantId, tenantId), eq(logtoConfigs.key, 'oidc.privateKeys')));
  const [jwk] = toPrivateJwks(row!.value as StoredKey[]).keys as jose.JWK[];
  return jwk!;
}

/** Signs a token with the tenant's real private key, as its OP would, with any claims. */
async function signWithTenantKey(claims: jose.JWTPayload, tenantId = defaultTenantId) {
  const jwk = await tenantSigningKey(tenantId);
  const key = await jose.importJWK(jwk!, jwk!.alg);
  return new jose.SignJWT(claims).setProtectedHeader({ alg: jwk!.alg!, kid: jwk!.kid }).sign(key);
}

const baseClaims = () => ({
  iss: `${stack.userUrl}/oidc`,
  aud: managementApiIndicator,
  sub: admin.id,
  client_id: admin.id,
  scope: 'all',
  iat: Math.floor(Date.now() / 1000),
  exp: Math.floor(Date.now() / 1000) + 600,
});

describe('Management API authentication', () => {
  it('accepts a client-credentials token for the Management API with scope all', async () => {
    const token = await managementToken(stack.userUrl, admin);
    const response = await callApi(stack.userUrl, token, 'GET', '/api/applications');
    expect(response.status).toBe(200);
  });

  it('answers 401 without a token or with a malformed one, and leaves public routes open', async () => {
    expect(await callApi(stack.userUrl, undefined, 'GET', '/api/applications')).toMatchObject({
      status: 401,
      body: { code: 'auth.authorization_header_missing' },
    });
    expect(await callApi(stack.userUrl, 'not-a-jwt', 'GET', '/api/applications')).toMatchObject({
      status: 401,
      body: { code: 'auth.unauthorized' },
    });
    expect((await callApi(stack.userUrl, undefined, 'GET', '/api/status')).status).toBe(204);
    expect((await callApi(stack.userUrl, undefined, 'GET', '/api/.well-known/sign-in-exp')).status).toBe(200);
  });

  it('checks authentication before the body: an anonymous bad body gets 401, not 400', async () => {
    expect(await callApi(stack.userUrl, undefined, 'POST', '/api/applications', { nonsense: true })).toMatchObject({ status: 401 });
    // Not even parsed: malformed JSON from an anonymous caller is refused for the missing token.
    expect(await callApi(stack.userUrl, undefined, 'POST', '/api/applications', '{"name": ')).toMatchObject({
      status: 401,
      body: { code: 'auth.authorization_header_missing' },
    });
  });

  it('answers 403 to a valid token without the all scope', async () => {
    // An M2M app without the Management API role gets a token for the resource, but no scope.
    const plain = await insertApplication(stack.database.db, defaultTenantId, { type: 'MachineToMachine' });
    const token = await managementToken(stack.userUrl, plain, '');
    expect(await callApi(stack.userUrl, token, 'GET', '/api/applications')).toMatchObject({
      status: 403,
      body: { code: 'auth.forbidden' },
    });
  });

  it('answers 401 to a token for another resource', async () => {
    const indicator = 'https://api.example.com/other';
    const { scopes } = await insertResource(stack.database.db, defaultTenantId, indicator, ['all']);
    const role = await insertRole(stack.database.db, defaultTenantId, { type: 'MachineToMachine', scopeIds: [scopes.all!] });
    const app = await insertApplication(stack.database.db, defaultTenantId, { type: 'MachineToMachine' });
    await assignApplicationRole(stack.database.db, defaultTenantId, app.id, role.id);
    const token = await managementToken(stack.userUrl, app, 'all', indicator);
    expect(await callApi(stack.userUrl, token, 'GET', '/api/applications')).toMatchObject({
      status: 401,
      body: { code: 'auth.unauthorized' },
    });
  });

  it('answers 401 to expired tokens, tokens signed by an unknown key, and forged issuers', async () => {
    const expired = await signWithTenantKey({ ...baseClaims(), iat: 1_000, exp: 2_000 });
    expect(await callApi(stack.userUrl, expired, 'GET', '/api/applications')).toMatchObject({
      status: 401,
      body: { code: 'auth.unauthorized', message: 'The access token has expired.' },
    });

    const { privateKey } = await jose.generateKeyPair('ES256');
    const foreign = await new jose.SignJWT(baseClaims()).setProtectedHeader({ alg: 'ES256', kid: 'unknown' }).sign(privateKey);
    expect((await callApi(stack.userUrl, foreign, 'GET', '/api/applications')).status).toBe(401);

    const otherIssuer = await signWithTenantKey({ ...baseClaims(), iss: 'https://evil.example.com/oidc' });
    expect((await callApi(stack.userUrl, otherIssuer, 'GET', '/api/applications')).status).toBe(401);

    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${Buffer.from(JSON.stringify(baseClaims())).toString('base64url')}.`;
    expect((await callApi(stack.userUrl, unsigned, 'GET', '/api/applications')).status).toBe(401);

    // The same claims, properly signed, pass: the refusals above are about what was changed.
    expect((await callApi(stack.userUrl, await signWithTenantKey(baseClaims()), 'GET', '/api/applications')).status).toBe(200);
  });

  it('answers 401 to a token signed by an unknown key under the real key id, and to keys and issuers of different tenants', async () => {
    const realKey = await tenantSigningKey();
    const { privateKey } = await jose.generateKeyPair(realKey.alg!);
    const impostor = await new jose.SignJWT(baseClaims()).setProtectedHeader({ alg: realKey.alg!, kid: realKey.kid }).sign(privateKey);
    expect(await callApi(stack.userUrl, impostor, 'GET', '/api/applications')).toMatchObject({
      status: 401,
      body: { code: 'auth.unauthorized' },
    });

    // The admin tenant's key with the default tenant's issuer, and the default tenant's key with the
    // admin tenant's issuer: a key counts only for its own tenant's issuer.
    const adminKeyDefaultIssuer = await signWithTenantKey(baseClaims(), adminTenantId);
    expect((await callApi(stack.userUrl, adminKeyDefaultIssuer, 'GET', '/api/applications')).status).toBe(401);
    const defaultKeyAdminIssuer = await signWithTenantKey({ ...baseClaims(), iss: `${stack.adminUrl}/oidc` });
    expect((await callApi(stack.userUrl, defaultKeyAdminIssuer, 'GET', '/api/applications')).status).toBe(401);

    // The admin tenant's key with its own issuer passes (how the console manages tenant default).
    const adminToken = await signWithTenantKey({ ...baseClaims(), iss: `${stack.adminUrl}/oidc` }, adminTenantId);
    expect((await callApi(stack.userUrl, adminToken, 'GET', '/api/applications')).status).toBe(200);
  });

  it('does not let a default-tenant token manage the admin tenant', async () => {
    const token = await managementToken(stack.userUrl, admin);
    expect((await callApi(stack.adminUrl, token, 'GET', '/api/applications')).status).toBe(401);
  });

  it("accepts the admin tenant's tokens for the default tenant's Management API, as the console uses them", async () => {
    // In the admin tenant, the Management API resource of tenant `default` is granted through a
    // user role; an M2M app given that resource's scope stands in for a signed-in administrator.
    const [scopeRow] = await stack.database.db
      .select({ id: scopes.id })
      .from(scopes)
      .innerJoin(resources, and(eq(resources.tenantId, scopes.tenantId), eq(resources.id, scopes.resourceId)))
      .where(and(eq(scopes.tenantId, adminTenantId), eq(resources.indicator, managementApiIndicator), eq(scopes.name, 'all')));
    const role = await insertRole(stack.database.db, adminTenantId, { type: 'MachineToMachine', scopeIds: [scopeRow!.id] });
    const app = await insertApplication(stack.database.db, adminTenantId, { type: 'MachineToMachine' });
    await assignApplicationRole(stack.database.db, adminTenantId, app.id, role.id);
    const token = await managementToken(stack.adminUrl, app);
    expect((await callApi(stack.userUrl, token, 'GET', '/api/applications')).status).toBe(200);
  });

  it('takes development-user-id in place of a token only in integration-test mode', async () => {
    const response = await fetch(`${stack.userUrl}/api/applications`, { headers: { 'development-user-id': 'someone' } });
    expect(response.status).toBe(200);

    // Built with the default configuration, the same header is just a missing token.
    const production = buildManagementApi({ config: { ...stack.config, INTEGRATION_TEST: false }, database: stack.database });
    try {
      const refused = await production.inject({
        method: 'GET',
        url: '/api/applications',
        headers: {
          'development-user-id': 'someone',
          [tenantHeader]: defaultTenantId,
          [internalSecretHeader]: stack.config.INTERNAL_SECRET,
        },
      });
      expect(refused.statusCode).toBe(401);
    } finally {
      await production.close();
    }
  });
});
