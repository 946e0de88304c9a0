// Logto's `customClientMetadata.maxAllowedGrants`: how many grants (signed-in devices) one user may
// hold at once for an app. After each successful authorization of that app (the code flow and the
// device flow alike) the user's live grants for it are counted, and when there are more than the
// limit the oldest go, with every token and code issued under them, and they are taken out of the
// sessions that held them, so those browsers sign in to the app afresh. The grant the
// authorization just used is always kept.
import type { Db } from '@idp/db';
import { oidcModelInstances } from '@idp/schemas';
import { and, eq, gt, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import { grantModelNames } from '../adapter/postgres-adapter.ts';
import { clientSettingsProperty, type ClientSettings } from './client-settings.ts';

const { tenantId: tenantColumn, modelName, payload, expiresAt, id: idColumn } = oidcModelInstances;

type GrantRow = { id: string; iat: number };

/** The oldest `count - limit` grants of `grants`, never `keep`; ties by id, so the choice is stable. */
export function grantsOverLimit(grants: GrantRow[], limit: number, keep: string | undefined): string[] {
  const excess = grants.length - limit;
  if (excess <= 0) return [];
  return grants
    .filter(({ id }) => id !== keep)
    .sort((a, b) => a.iat - b.iat || a.id.localeCompare(b.id))
    .slice(0, excess)
    .map(({ id }) => id);
}

async function findLiveGrants(db: Db, tenantId: string, accountId: string, clientId: string): Promise<GrantRow[]> {
  const rows = await db
    .select({ id: idColumn, iat: sql<number>`coalesce((${payload} ->> 'iat')::bigint, 0)` })
    .from(oidcModelInstances)
    .where(
      and(
        eq(tenantColumn, tenantId),
        eq(modelName, 'Grant'),
        sql`${payload} ->> 'accountId' = ${accountId}`,
        sql`${payload} ->> 'clientId' = ${clientId}`,
        gt(expiresAt, sql`now()`),
      ),
    );
  return rows.map((row) => ({ id: row.id, iat: Number(row.iat) }));
}

/** Deletes the grants, what was issued under them, and their entries in the user's sessions, in one transaction. */
async function revokeGrants(db: Db, tenantId: string, accountId: string, clientId: string, grantIds: string[]): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(oidcModelInstances).where(
      and(
        eq(tenantColumn, tenantId),
        sql`((${modelName} = 'Grant' and ${idColumn} in ${grantIds})
            or (${modelName} in ${grantModelNames} and ${payload} ->> 'grantId' in ${grantIds}))`,
      ),
    );
    await tx
      .update(oidcModelInstances)
      .set({ payload: sql`${payload} #- array['authorizations', ${clientId}]::text[]` })
      .where(
        and(
          eq(tenantColumn, tenantId),
          eq(modelName, 'Session'),
          sql`${payload} ->> 'accountId' = ${accountId}`,
          sql`${payload} -> 'authorizations' -> ${clientId} ->> 'grantId' in ${grantIds}`,
        ),
      );
  });
}

const limitOf = (client: unknown): number | undefined =>
  (client as { [clientSettingsProperty]?: ClientSettings } | undefined)?.[clientSettingsProperty]?.maxAllowedGrants;

const pendingKey = Symbol('maxAllowedGrants');
type WithPending = { [pendingKey]?: Promise<void> };

/**
 * Enforces the limit on `authorization.success`; the request waits for it (see the middleware
 * below), so the answer is sent only once the evicted grants are gone. A failure is logged and does
 * not fail the sign-in, as in Logto.
 */
export function enforceMaxAllowedGrants(provider: Provider, db: Db, tenantId: string, log: FastifyBaseLogger): void {
  provider.on('authorization.success', (ctx: KoaContextWithOIDC) => {
    const accountId = ctx.oidc.session?.accountId;
    const client = ctx.oidc.client;
    const limit = limitOf(client);
    if (!accountId || !client || limit === undefined) return;
    const current = ctx.oidc.session?.grantIdFor(client.clientId);
    const work = (async () => {
      const grants = await findLiveGrants(db, tenantId, accountId, client.clientId);
      const evicted = grantsOverLimit(grants, limit, current);
      if (evicted.length === 0) return;
      await revokeGrants(db, tenantId, accountId, client.clientId, evicted);
      log.info(
        { tenantId, clientId: client.clientId, accountId, revokedGrantIds: evicted, maxAllowedGrants: limit },
        'grant limit reached',
      );
    })().catch((error: unknown) => {
      log.error({ err: error, tenantId, clientId: client.clientId }, 'maxAllowedGrants enforcement failed');
    });
    (ctx.state as WithPending)[pendingKey] = work;
  });
  provider.use(async (ctx, next) => {
    await next();
    await (ctx.state as WithPending)[pendingKey];
  });
}
