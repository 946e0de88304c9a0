import type { Db } from '@idp/db';
import type { FastifyBaseLogger } from 'fastify';
import { cookieKeyValues, pruneRotatedKeys, toPrivateJwks, type StoredKey } from '@idp/oidc-keys';
import type Provider from 'oidc-provider';
import type { ClientMetadata } from 'oidc-provider';
import { findApplicationById, findApplicationSecrets } from '../queries/applications.ts';
import { findConfigValue } from '../queries/configs.ts';
import { toClientMetadata } from './clients.ts';
import { createTenantProvider } from './create-provider.ts';

export type Change = { table: string; tenantId: string; id: string };

export type TenantProviders = {
  get(tenantId: string): Promise<Provider>;
  /** Drops what a database change made stale; `*` drops everything (e.g. after a reconnect). */
  invalidate(change: Change): void;
};

// One oidc-provider instance per tenant, built on first use from the tenant's keys in the database
// and kept in memory; clients are looked up once and kept until their application changes.
export function createTenantProviders(options: {
  db: Db;
  issuers: Record<string, string>;
  allowPrivateFetch: boolean;
  log: FastifyBaseLogger;
}): TenantProviders {
  const { db, issuers, allowPrivateFetch, log } = options;
  const providers = new Map<string, Promise<Provider>>();
  const clients = new Map<string, Promise<ClientMetadata | undefined>>();
  const clientKey = (tenantId: string, id: string) => `${tenantId}\u0000${id}`;

  const findClient = (tenantId: string) => (clientId: string) => {
    const key = clientKey(tenantId, clientId);
    let cached = clients.get(key);
    if (!cached) {
      cached = Promise.all([findApplicationById(db, tenantId, clientId), findApplicationSecrets(db, tenantId, clientId)]).then(
        ([application, secrets]) =>
          application && application.type !== 'SAML' && application.type !== 'Protected'
            ? toClientMetadata(application, secrets)
            : undefined,
      );
      cached.catch(() => clients.delete(key));
      clients.set(key, cached);
    }
    return cached;
  };

  const build = async (tenantId: string): Promise<Provider> => {
    const issuer = issuers[tenantId];
    if (!issuer) {
      throw new Error(`tenant ${tenantId} has no endpoint`);
    }
    const [privateKeys, cookieKeys] = await Promise.all([
      findConfigValue(db, tenantId, 'oidc.privateKeys') as Promise<StoredKey[] | undefined>,
      findConfigValue(db, tenantId, 'oidc.cookieKeys') as Promise<StoredKey[] | undefined>,
    ]);
    if (!privateKeys?.length || !cookieKeys?.length) {
      throw new Error(`tenant ${tenantId} has no signing or cookie keys; run the seed`);
    }
    return createTenantProvider({
      db,
      tenantId,
      issuer,
      // Keys past their grace period after a rotation are no longer published.
      jwks: toPrivateJwks(pruneRotatedKeys(privateKeys)) as { keys: Array<Record<string, unknown>> },
      cookieKeys: cookieKeyValues(cookieKeys),
      findClient: findClient(tenantId),
      allowPrivateFetch,
      log,
    });
  };

  return {
    get(tenantId) {
      let provider = providers.get(tenantId);
      if (!provider) {
        provider = build(tenantId);
        provider.catch(() => providers.delete(tenantId));
        providers.set(tenantId, provider);
      }
      return provider;
    },
    invalidate({ table, tenantId, id }) {
      if (table === '*') {
        providers.clear();
        clients.clear();
      } else if (table === 'logto_configs') {
        providers.delete(tenantId);
      } else if (table === 'applications' || table === 'application_secrets') {
        clients.delete(clientKey(tenantId, id));
      }
    },
  };
}
