import {
  ConnectorError,
  finishSocialSession,
  matchesSocialSession,
  socialConnectorOf,
  socialFailureMessage,
  startSocialSession,
  type SocialConnector,
} from '@idp/connectors';
import { generateId, type Db } from '@idp/db';
import { RequestError } from '@idp/errors';
import type { Outbound } from '@idp/outbound';
import { closedObject, connectors, SocialAuthorizationUriResponseSchema, VerificationIdResponseSchema } from '@idp/schemas';
import type { App } from '@idp/server-kit';
import { and, eq } from 'drizzle-orm';
import { Type } from 'typebox';
import { findRecord, loadExperience, putRecord } from '../libraries/context.ts';
import type { ExperienceDeps } from '../libraries/deps.ts';

async function findSocialConnector(db: Db, outbound: Outbound, tenantId: string, id: string): Promise<SocialConnector> {
  const [row] = await db
    .select()
    .from(connectors)
    .where(and(eq(connectors.tenantId, tenantId), eq(connectors.id, id)));
  if (!row) throw new RequestError('connector.not_found', { data: { connectorId: id } });
  let connector: SocialConnector | undefined;
  try {
    connector = socialConnectorOf(row, outbound);
  } catch (error) {
    throw new RequestError('connector.general', {
      message: error instanceof ConnectorError ? error.message : 'The connector is misconfigured.',
    });
  }
  if (!connector) throw new RequestError('connector.not_found', { message: 'This connector does not sign users in.' });
  return connector;
}

// Sign-in with an external OpenID Connect provider: the UI gets the provider's authorization URL,
// the provider sends the browser back to the UI's callback page, which posts the code here.
export function registerSocialRoutes(app: App, { db, client, outbound }: Pick<ExperienceDeps, 'db' | 'client' | 'outbound'>): void {
  app.post(
    '/api/experience/verification/social/:connectorId/authorization-uri',
    {
      schema: {
        params: Type.Object({ connectorId: Type.String({ minLength: 1, maxLength: 128 }) }),
        body: closedObject({
          state: Type.String({ minLength: 1, maxLength: 512 }),
          redirectUri: Type.String({ minLength: 1, maxLength: 2048, pattern: '^https?://' }),
        }),
        response: { 200: SocialAuthorizationUriResponseSchema },
      },
    },
    async (request) => {
      const experience = await loadExperience(client, request);
      const { connectorId } = request.params;
      const connector = await findSocialConnector(db, outbound, request.tenantId, connectorId);
      const { authorizationUri, session } = await startSocialSession(connector, request.body).catch((error: unknown) => {
        throw new RequestError('connector.general', {
          message: socialFailureMessage(error, 'The provider is not reachable.', request.log),
        });
      });
      const record = { id: generateId(), type: 'Social' as const, connectorId, target: connector.target, verified: false, ...session };
      // A new record only: added again to a newer state if another step saved meanwhile.
      await experience.update((state) => putRecord(state, record));
      return { authorizationUri, verificationId: record.id };
    },
  );

  app.post(
    '/api/experience/verification/social/:connectorId/verify',
    {
      schema: {
        params: Type.Object({ connectorId: Type.String({ minLength: 1, maxLength: 128 }) }),
        body: closedObject({
          connectorData: Type.Record(Type.String(), Type.Unknown()),
          verificationId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
        }),
        response: { 200: VerificationIdResponseSchema },
      },
    },
    async (request) => {
      const experience = await loadExperience(client, request);
      const { connectorId } = request.params;
      const { connectorData, verificationId } = request.body;
      const record = verificationId
        ? findRecord(experience.state, verificationId, ['Social'])
        : experience.state.verificationRecords.findLast(
            (candidate) => candidate.type === 'Social' && candidate.connectorId === connectorId,
          );
      if (record?.type !== 'Social' || record.connectorId !== connectorId) {
        throw new RequestError('session.verification_session_not_found');
      }
      // The state ties the provider's answer to this browser's request (CSRF).
      if (!matchesSocialSession(record, connectorData)) {
        throw new RequestError('session.verification_failed', { message: "The provider's answer does not match this sign-in." });
      }
      const connector = await findSocialConnector(db, outbound, request.tenantId, connectorId);
      const userInfo = await finishSocialSession(connector, record, connectorData).catch((error: unknown) => {
        throw new RequestError('session.verification_failed', {
          message: socialFailureMessage(error, 'The provider did not confirm the sign-in.', request.log),
        });
      });
      // The provider's code is redeemed and cannot be again: a lost race re-reads and records the answer.
      await experience.update((state) => {
        const current = findRecord(state, record.id, ['Social']);
        current.userInfo = userInfo;
        current.verified = true;
      });
      return { verificationId: record.id };
    },
  );
}
