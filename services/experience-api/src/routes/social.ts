import { randomBytes } from 'node:crypto';
import { ConnectorError, createConnector, isOutboundRefusal, type SocialConnector } from '@idp/connectors';
import { generateId, type Db } from '@idp/db';
import { RequestError } from '@idp/errors';
import type { Outbound } from '@idp/outbound';
import { closedObject, connectors, SocialAuthorizationUriResponseSchema, VerificationIdResponseSchema } from '@idp/schemas';
import type { App } from '@idp/server-kit';
import type { FastifyBaseLogger } from 'fastify';
import { and, eq } from 'drizzle-orm';
import { Type } from 'typebox';
import { findRecord, loadExperience, putRecord } from '../libraries/context.ts';
import type { ExperienceDeps } from '../libraries/deps.ts';

const random = () => randomBytes(32).toString('base64url');

async function findSocialConnector(db: Db, outbound: Outbound, tenantId: string, id: string): Promise<SocialConnector> {
  const [row] = await db
    .select()
    .from(connectors)
    .where(and(eq(connectors.tenantId, tenantId), eq(connectors.id, id)));
  if (!row) throw new RequestError('connector.not_found', { data: { connectorId: id } });
  let connector: ReturnType<typeof createConnector>;
  try {
    connector = createConnector(row.connectorId, row.config, { outbound });
  } catch (error) {
    throw new RequestError('connector.general', {
      message: error instanceof ConnectorError ? error.message : 'The connector is misconfigured.',
    });
  }
  if (connector.type !== 'Social') throw new RequestError('connector.not_found', { message: 'This connector does not sign users in.' });
  return connector;
}

// Sign-in with an external OpenID Connect provider: the UI gets the provider's authorization URL,
// the provider sends the browser back to the UI's callback page, which posts the code here.
/**
 * What an anonymous visitor is told when a provider call fails. A refusal by the outbound guard names
 * an internal address: that goes to the log for the operator, the visitor gets `fallback`.
 */
function visitorMessage(error: unknown, fallback: string, log: FastifyBaseLogger): string {
  if (isOutboundRefusal(error)) {
    log.warn({ reason: (error as Error).message }, 'a social connector points at an address outbound requests may not reach');
    return fallback;
  }
  return error instanceof ConnectorError ? error.message : fallback;
}

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
      const record = {
        id: generateId(),
        type: 'Social' as const,
        connectorId,
        target: connector.target,
        verified: false,
        state: request.body.state,
        redirectUri: request.body.redirectUri,
        nonce: random(),
        codeVerifier: random(),
      };
      const authorizationUri = await connector
        .getAuthorizationUri({
          state: record.state,
          redirectUri: record.redirectUri,
          nonce: record.nonce,
          codeVerifier: record.codeVerifier,
        })
        .catch((error: unknown) => {
          throw new RequestError('connector.general', { message: visitorMessage(error, 'The provider is not reachable.', request.log) });
        });
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
      if (typeof connectorData.state !== 'string' || connectorData.state !== record.state || typeof connectorData.code !== 'string') {
        throw new RequestError('session.verification_failed', { message: "The provider's answer does not match this sign-in." });
      }
      const connector = await findSocialConnector(db, outbound, request.tenantId, connectorId);
      const { rawData: _raw, ...userInfo } = await connector
        .getUserInfo({
          code: connectorData.code,
          redirectUri: record.redirectUri,
          nonce: record.nonce,
          codeVerifier: record.codeVerifier,
          connectorData,
        })
        .catch((error: unknown) => {
          throw new RequestError('session.verification_failed', {
            message: visitorMessage(error, 'The provider did not confirm the sign-in.', request.log),
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
