import { createPerTenantCache } from '@idp/db';
import { RequestError } from '@idp/errors';
import { generateSigningKey, type StoredKey, toPublicJwks } from '@idp/oidc-keys';
import { createLocalJWKSet, importPKCS8, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { createAccessTokenVerifier } from './verifier.ts';

const issuers = { default: 'http://localhost:3001/oidc', admin: 'http://localhost:3002/oidc' };
const audience = 'https://default.logto.app/api';

// A key cache as the services build it, over keys held in memory instead of logto_configs, that
// counts its loads so a test can see when the verifier reloads.
function keyCache(initial: Record<string, StoredKey[]>) {
  const keys = { ...initial };
  let loads = 0;
  const cache = createPerTenantCache(async (tenantId) => {
    loads += 1;
    return createLocalJWKSet(toPublicJwks(keys[tenantId] ?? []) as Parameters<typeof createLocalJWKSet>[0]);
  });
  return { cache, keys, loads: () => loads };
}

async function sign(key: StoredKey, claims: Record<string, unknown>, options: { issuer: string; audience?: string; expiresIn?: string }) {
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', kid: key.id })
    .setIssuer(options.issuer)
    .setAudience(options.audience ?? audience)
    .setIssuedAt();
  if (options.expiresIn) jwt.setExpirationTime(options.expiresIn);
  return jwt.sign(await importPKCS8(key.value, 'ES256'));
}

async function rejection(promise: Promise<unknown>): Promise<RequestError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(RequestError);
  return error as RequestError;
}

describe('createAccessTokenVerifier', () => {
  const defaultKey = generateSigningKey('ES256');
  const adminKey = generateSigningKey('ES256');

  it('returns the subject, client and scopes of a token signed with the tenant key', async () => {
    const { cache } = keyCache({ default: [defaultKey] });
    const verifier = createAccessTokenVerifier(cache, issuers);
    const token = await sign(
      defaultKey,
      { sub: 'user-1', client_id: 'app-1', scope: 'all read:users' },
      { issuer: issuers.default, expiresIn: '1h' },
    );

    const verified = await verifier.verify(token, { audience, trustedTenants: ['default'] });

    expect(verified).toEqual({ sub: 'user-1', clientId: 'app-1', scopes: new Set(['all', 'read:users']), issuerTenantId: 'default' });
  });

  it('refuses a token from a tenant the caller does not trust, even when correctly signed', async () => {
    const { cache } = keyCache({ admin: [adminKey] });
    const verifier = createAccessTokenVerifier(cache, issuers);
    const token = await sign(adminKey, { sub: 'admin-user' }, { issuer: issuers.admin, expiresIn: '1h' });

    const error = await rejection(verifier.verify(token, { audience, trustedTenants: ['default'] }));
    expect(error.code).toBe('auth.unauthorized');
    expect(error.message).toBe('The access token was not issued by a trusted issuer.');
  });

  it('refuses a token signed by another tenant key under a trusted issuer', async () => {
    const { cache } = keyCache({ default: [defaultKey] });
    const verifier = createAccessTokenVerifier(cache, issuers);
    const forged = await sign(adminKey, { sub: 'user-1' }, { issuer: issuers.default, expiresIn: '1h' });

    const error = await rejection(verifier.verify(forged, { audience, trustedTenants: ['default'] }));
    expect(error.message).toBe('The access token is invalid.');
  });

  it('refuses a token for another audience, and says when a token has expired', async () => {
    const { cache } = keyCache({ default: [defaultKey] });
    const verifier = createAccessTokenVerifier(cache, issuers);
    const otherAudience = await sign(
      defaultKey,
      { sub: 'user-1' },
      { issuer: issuers.default, audience: 'https://other.example.com', expiresIn: '1h' },
    );
    const expired = await sign(defaultKey, { sub: 'user-1' }, { issuer: issuers.default, expiresIn: '-1m' });

    expect((await rejection(verifier.verify(otherAudience, { audience, trustedTenants: ['default'] }))).message).toBe(
      'The access token is invalid.',
    );
    expect((await rejection(verifier.verify(expired, { audience, trustedTenants: ['default'] }))).message).toBe(
      'The access token has expired.',
    );
  });

  it('refuses what is not a JWT, and a token without a subject', async () => {
    const { cache } = keyCache({ default: [defaultKey] });
    const verifier = createAccessTokenVerifier(cache, issuers);
    const noSubject = await sign(defaultKey, { client_id: 'app-1' }, { issuer: issuers.default, expiresIn: '1h' });

    expect((await rejection(verifier.verify('not-a-token', { audience, trustedTenants: ['default'] }))).code).toBe('auth.unauthorized');
    expect((await rejection(verifier.verify(noSubject, { audience, trustedTenants: ['default'] }))).message).toBe(
      'The access token has no subject.',
    );
  });

  it('reloads the keys once for a key it has not seen (a rotation), not for every unknown key', async () => {
    const { cache, keys, loads } = keyCache({ default: [defaultKey] });
    const verifier = createAccessTokenVerifier(cache, issuers);
    await verifier.verify(await sign(defaultKey, { sub: 'user-1' }, { issuer: issuers.default, expiresIn: '1h' }), {
      audience,
      trustedTenants: ['default'],
    });
    expect(loads()).toBe(1);

    const rotated = generateSigningKey('ES256');
    keys.default = [rotated, { ...defaultKey, rotatedAt: Math.floor(Date.now() / 1000) }];
    const fromRotatedKey = await sign(rotated, { sub: 'user-2' }, { issuer: issuers.default, expiresIn: '1h' });
    expect((await verifier.verify(fromRotatedKey, { audience, trustedTenants: ['default'] })).sub).toBe('user-2');
    expect(loads()).toBe(2);

    // Within the reload interval, a token from yet another unknown key costs no reload.
    const unknown = await sign(generateSigningKey('ES256'), { sub: 'user-3' }, { issuer: issuers.default, expiresIn: '1h' });
    await rejection(verifier.verify(unknown, { audience, trustedTenants: ['default'] }));
    expect(loads()).toBe(2);
  });
});
