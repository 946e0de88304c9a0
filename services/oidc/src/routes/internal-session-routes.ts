// Internal: a user's sessions and the grants (authorized apps) they hold, listed and ended for the
// account service's /api/my-account/sessions and /grants, which never read oidc-provider's tables
// themselves. Ending a session or a grant deletes the tokens issued under it at once, so its
// refresh tokens stop working and its access tokens stop resolving. Like every /internal route it
// is never routed by the gateway and needs the deployment's internal secret.
import type { Db } from '@idp/db';
import { RequestError } from '@idp/errors';
import {
  AccountGrantsResponseSchema,
  AccountSessionsResponseSchema,
  applications,
  DeleteSessionQuerySchema,
  ListGrantsQuerySchema,
  oidcModelInstances,
  type AccountGrant,
  type AccountSession,
} from '@idp/schemas';
import type { App } from '@idp/server-kit';
import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import { Type } from 'typebox';
import { grantModelNames } from '../adapter/postgres-adapter.ts';

const accountId = Type.String({ minLength: 1, maxLength: 21 });
const id = Type.String({ minLength: 1, maxLength: 128 });

type Authorizations = Record<string, { grantId?: string }>;

const { tenantId: tenantColumn, modelName, payload, expiresAt } = oidcModelInstances;
const live = () => gt(expiresAt, sql`now()`);
const ofAccount = (account: string) => sql`${payload} ->> 'accountId' = ${account}`;

/** Deletes grants and everything issued under them (tokens, codes). */
async function revokeGrants(db: Pick<Db, 'delete'>, tenantId: string, grantIds: string[]): Promise<void> {
  if (grantIds.length === 0) return;
  await db.delete(oidcModelInstances).where(
    and(
      eq(tenantColumn, tenantId),
      sql`(${modelName} = 'Grant' and ${oidcModelInstances.id} in ${grantIds})
          or (${modelName} in ${grantModelNames} and ${payload} ->> 'grantId' in ${grantIds})`,
    ),
  );
}

export function registerInternalSessionRoutes(app: App, { db }: { db: Db }): void {
  // `currentGrantId`: the grant of the caller's token, marking the session it was issued in.
  app.get(
    '/internal/accounts/:accountId/sessions',
    {
      schema: {
        params: Type.Object({ accountId }),
        querystring: Type.Object({ currentGrantId: Type.Optional(id) }),
        response: { 200: AccountSessionsResponseSchema },
      },
    },
    async (request) => {
      const rows = await db
        .select({ payload, expiresAt })
        .from(oidcModelInstances)
        .where(and(eq(tenantColumn, request.tenantId), eq(modelName, 'Session'), ofAccount(request.params.accountId), live()))
        .orderBy(sql`${payload} ->> 'loginTs' desc nulls last`);
      const { currentGrantId } = request.query;
      const sessions = rows.map((row): AccountSession => {
        const authorizations = (row.payload.authorizations ?? {}) as Authorizations;
        return {
          payload: row.payload as AccountSession['payload'],
          lastSubmission: null,
          clientId: Object.keys(authorizations)[0] ?? null,
          accountId: request.params.accountId,
          expiresAt: row.expiresAt.getTime(),
          isCurrent: currentGrantId !== undefined && Object.values(authorizations).some(({ grantId }) => grantId === currentGrantId),
        };
      });
      return { sessions };
    },
  );

  // Ends the session (its browser must sign in again) and the grants of the apps signed in
  // through it: all of them, or with `revokeGrantsTarget=firstParty` only first-party apps'.
  app.delete(
    '/internal/accounts/:accountId/sessions/:sessionId',
    { schema: { params: Type.Object({ accountId, sessionId: id }), querystring: DeleteSessionQuerySchema } },
    async (request, reply) => {
      const { tenantId, params, query } = request;
      const [session] = await db
        .select({ id: oidcModelInstances.id, payload })
        .from(oidcModelInstances)
        .where(and(eq(tenantColumn, tenantId), eq(modelName, 'Session'), sql`${payload} ->> 'uid' = ${params.sessionId}`, live()))
        .limit(1);
      if (!session) throw new RequestError('oidc.session_not_found');
      if (session.payload.accountId !== params.accountId) throw new RequestError('oidc.invalid_session_account_id');
      const authorizations = Object.entries((session.payload.authorizations ?? {}) as Authorizations);
      let targets = authorizations;
      if (query.revokeGrantsTarget === 'firstParty' && authorizations.length > 0) {
        const thirdParty = await db
          .select({ id: applications.id })
          .from(applications)
          .where(
            and(
              eq(applications.tenantId, tenantId),
              inArray(
                applications.id,
                authorizations.map(([clientId]) => clientId),
              ),
              eq(applications.isThirdParty, true),
            ),
          );
        const skip = new Set(thirdParty.map((row) => row.id));
        targets = authorizations.filter(([clientId]) => !skip.has(clientId));
      }
      await db.transaction(async (tx) => {
        await revokeGrants(tx, tenantId, [...new Set(targets.flatMap(([, { grantId }]) => (grantId ? [grantId] : [])))]);
        await tx
          .delete(oidcModelInstances)
          .where(and(eq(tenantColumn, tenantId), eq(modelName, 'Session'), eq(oidcModelInstances.id, session.id)));
      });
      return reply.status(204).send();
    },
  );

  app.get(
    '/internal/accounts/:accountId/grants',
    {
      schema: {
        params: Type.Object({ accountId }),
        querystring: ListGrantsQuerySchema,
        response: { 200: AccountGrantsResponseSchema },
      },
    },
    async (request) => {
      const { appType } = request.query;
      // Grants of apps that no longer exist are left out, as in Logto.
      const rows = await db
        .select({ id: oidcModelInstances.id, payload, expiresAt, applicationId: applications.id, applicationName: applications.name })
        .from(oidcModelInstances)
        .innerJoin(applications, and(eq(applications.tenantId, tenantColumn), sql`${applications.id} = ${payload} ->> 'clientId'`))
        .where(
          and(
            eq(tenantColumn, request.tenantId),
            eq(modelName, 'Grant'),
            ofAccount(request.params.accountId),
            live(),
            appType === undefined ? undefined : eq(applications.isThirdParty, appType === 'thirdParty'),
          ),
        )
        .orderBy(sql`${payload} ->> 'iat' desc`);
      const grants = rows.map(
        (row): AccountGrant => ({
          id: row.id,
          payload: row.payload as AccountGrant['payload'],
          expiresAt: row.expiresAt.getTime(),
          application: { id: row.applicationId, name: row.applicationName },
        }),
      );
      return { grants };
    },
  );

  // Ends the grant and its tokens, and takes it out of the session that holds it, so that app's
  // next sign-in in that browser asks again.
  app.delete(
    '/internal/accounts/:accountId/grants/:grantId',
    { schema: { params: Type.Object({ accountId, grantId: id }) } },
    async (request, reply) => {
      const { tenantId, params } = request;
      const [grant] = await db
        .select({ payload })
        .from(oidcModelInstances)
        .where(and(eq(tenantColumn, tenantId), eq(modelName, 'Grant'), eq(oidcModelInstances.id, params.grantId), live()));
      if (grant?.payload.accountId !== params.accountId) throw new RequestError('oidc.invalid_grant');
      await db.transaction(async (tx) => {
        await revokeGrants(tx, tenantId, [params.grantId]);
        await tx
          .update(oidcModelInstances)
          .set({
            payload: sql`jsonb_set(${payload}, '{authorizations}', (
              select coalesce(jsonb_object_agg(entry.key, entry.value), '{}'::jsonb)
              from jsonb_each(${payload} -> 'authorizations') as entry
              where entry.value ->> 'grantId' is distinct from ${params.grantId}))`,
          })
          .where(
            and(
              eq(tenantColumn, tenantId),
              eq(modelName, 'Session'),
              ofAccount(params.accountId),
              sql`jsonb_typeof(${payload} -> 'authorizations') = 'object'`,
              sql`exists (select from jsonb_each(${payload} -> 'authorizations') as entry where entry.value ->> 'grantId' = ${params.grantId})`,
            ),
          );
      });
      return reply.status(204).send();
    },
  );
}
