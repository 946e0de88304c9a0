// Social sign-in run by a Management API holder (POST /api/connectors/:connectorId/authorization-uri,
// then POST /api/users/:userId/identities with what the provider sent back to the callback).
import { createHmac } from 'node:crypto';
import { ConnectorError, isSocialConnector, type SocialConnector } from '@idp/connectors';
import type { Db } from '@idp/db';
import { RequestError } from '@idp/errors';
import type { Outbound } from '@idp/outbound';
import { cookieKeyValues, pruneRotatedKeys, type StoredKey } from '@idp/oidc-keys';
import { findConfigValue } from '../queries/configs.ts';
import { findConnectorRow } from '../queries/connectors.ts';
import { buildConnector } from './connector-errors.ts';
import { findFactory } from './connector-responses.ts';

/** A tenant's social connector by its id: 404 when there is none, 400 when it is not a social one. */
export async function findSocialConnector(db: Db, tenantId: string, id: string, outbound: Outbound): Promise<SocialConnector> {
  const row = await findConnectorRow(db, tenantId, id);
  const factory = row && findFactory(row.connectorId);
  if (!row || !factory) {
    throw new RequestError('connector.not_found', {
      message: `The connector with id \`${id}\` does not exist.`,
      data: { connectorId: id },
    });
  }
  if (factory.type !== 'Social') {
    throw new RequestError('connector.unexpected_type', {
      message: 'This connector does not sign users in.',
      data: { connectorId: id, type: factory.type },
    });
  }
  const connector = buildConnector(factory, row.config, { outbound });
  if (!isSocialConnector(connector)) throw new RequestError('connector.unexpected_type', { data: { connectorId: id } });
  return connector;
}

export type SocialRequest = { tenantId: string; connectorId: string; state: string; redirectUri: string };
export type SocialSecrets = { codeVerifier: string; nonce: string };

/**
 * The PKCE verifier and nonce of a social sign-in started through the Management API.
 *
 * This API keeps no session between the two calls, so the second call must be able to recompute
 * both values from what it is given; yet nobody without a server-side secret may compute them, or
 * PKCE and the nonce would protect nothing (an intercepted code could be paired with a verifier
 * anyone can work out). So they are derived, not stored: HMAC-SHA256 keyed by the tenant's current
 * OIDC cookie key (a per-tenant secret the seed already puts in `logto_configs`, never sent anywhere)
 * over tenant, connector, state and redirect URI. The second call recomputes them from what it is given: another state or
 * redirect URI gives another verifier, which the provider refuses at its token endpoint, and another
 * tenant or connector can never reproduce them. Each field is percent-encoded before the `|` joins,
 * so no two requests share a message. A cookie-key rotation between the two calls makes the link
 * fail; the administrator starts again.
 */
export async function deriveSocialSecrets(db: Db, request: SocialRequest): Promise<SocialSecrets> {
  const stored = await findConfigValue(db, request.tenantId, 'oidc.cookieKeys');
  const keys = Array.isArray(stored) ? pruneRotatedKeys(stored as StoredKey[]) : [];
  const [key] = cookieKeyValues(keys);
  if (!key) throw new RequestError('request.internal_error', { message: 'The tenant has no cookie keys; run the seed.' });
  const message = [request.tenantId, request.connectorId, request.state, request.redirectUri].map(encodeURIComponent).join('|');
  // Distinct labels, so the nonce (sent to the provider in the clear) tells nothing about the verifier.
  const derive = (purpose: string) => createHmac('sha256', key).update(`${purpose}\n${message}`).digest('base64url');
  return { codeVerifier: derive('pkce-code-verifier'), nonce: derive('oidc-nonce') };
}

/** A provider's refusal (or absence) as the API's 400, with the connector's own message (never a secret). */
export function toVerificationError(error: unknown): RequestError {
  if (error instanceof RequestError) return error;
  if (error instanceof ConnectorError) {
    return new RequestError('session.verification_failed', { message: error.message, data: { connectorCode: error.code } });
  }
  return new RequestError('session.verification_failed', { message: 'The provider did not confirm the sign-in.' });
}
