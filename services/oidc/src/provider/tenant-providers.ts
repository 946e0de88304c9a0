import { createPerTenantCache, type Db, type LogWriter } from '@idp/db';
import type { FastifyBaseLogger } from 'fastify';
import { cookieKeyValues, pruneRotatedKeys, toPrivateJwks, type StoredKey } from '@idp/oidc-keys';
import type { Outbound } from '@idp/outbound';
import type Provider from 'oidc-provider';
import type { ClientMetadata } from 'oidc-provider';
import { findApplicationById, findApplicationSecrets } from '../queries/applications.ts';
import { TenantCache, type Freshness } from '../cache/tenant-cache.ts';
import { findConfigValue } from '../queries/configs.ts';
import { authorizationTables, createTenantAuthorization } from './authorization.ts';
import { toClientMetadata } from './clients.ts';
import { createTenantProvider } from './create-provider.ts';

export type Change = { table: string; tenantId: string; id: string };

export type TenantProviders = {
  get(tenantId: string): Promise<Provider>;
  /** Drops what a database change made stale; `*` drops everything (e.g. after a reconnect). */
  invalidate(change: Change): void;
};

// One oidc-provider instance per tenant, built on first use from the tenant's keys in the database
// and kept in memory until its keys change. Clients, resources and role grants are cached per
// tenant (cache/tenant-cache.ts); for resources and role grants a request sees every change
// committed before it (a role removed through the Management API is gone from the next token).
export function createTenantProviders(options: {
  db: Db;
  issuers: Record<string, string>;
  outbound: Outbound;
  log: FastifyBaseLogger;
  auditLog: LogWriter;
  /** Whether the caches may answer the current request (the change listener's barrier). */
  fresh: Freshness;
}): TenantProviders {
  const { db, issuers, outbound, log, fresh, auditLog } = options;
  // Clients are dropped one by one, by the application id their change names, when the notification
  // arrives: a changed redirect URI or a deleted secret takes effect a moment after the commit (as
  // the clients and application-secrets tests expect), so client lookups need no round trip.
  const clients = new TenantCache<ClientMetadata | undefined>({ tables: [] });
  const grants = new TenantCache<unknown>({ tables: authorizationTables, fresh });

  const findClient = (tenantId: string) => (clientId: string) =>
    clients.get(tenantId, clientId, async () => {
      const [application, secrets] = await Promise.all([
        findApplicationById(db, tenantId, clientId),
        findApplicationSecrets(db, tenantId, clientId),
      ]);
      return application && application.type !== 'SAML' && application.type !== 'Protected'
        ? toClientMetadata(application, secrets)
        : undefined;
    });

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
      // Holds no state of its own: what it looks up is cached in `grants`.
      authorization: createTenantAuthorization(db, tenantId, grants),
      outbound,
      log,
      auditLog,
    });
  };

  const providers = createPerTenantCache(build);

  return {
    get: (tenantId) => providers.get(tenantId),
    invalidate(change) {
      const { table, tenantId, id } = change;
      clients.invalidate(change);
      grants.invalidate(change);
      if (table === '*') {
        providers.invalidate('*');
      } else if (table === 'logto_configs') {
        providers.invalidate(tenantId);
      } else if (table === 'applications' || table === 'application_secrets') {
        clients.delete(tenantId, id);
      }
    },
  };
}
