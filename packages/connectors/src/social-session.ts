// The two steps of signing in with a social connector, for every service that runs them (the
// Experience API at sign-in, the Account API when a signed-in user links an account): build the
// connector from its stored row, send the browser to the provider with a fresh nonce and PKCE
// verifier, then check the provider's answer against what was kept and ask who the user is.
// Where the services keep the session between the steps, and which codes they answer, is theirs.
import { randomBytes } from 'node:crypto';
import type { Outbound } from '@idp/outbound';

import type { MessageSenderLog, StoredConnector } from './message-sender.ts';
import { createConnector } from './registry.ts';
import { ConnectorError, isOutboundRefusal, type SocialConnector, type SocialUserInfo } from './types.ts';

/** What the first step leaves for the second: kept by the service, never shown to the browser. */
export type SocialSession = { state: string; redirectUri: string; nonce: string; codeVerifier: string };

/** The provider's user as stored on a record or an identity: every claim but the raw data. */
export type VerifiedSocialUser = Omit<SocialUserInfo, 'rawData'>;

/**
 * The social connector a stored row builds, or undefined when the row is not a social connector.
 * Throws the ConnectorError of a config the factory rejects (or a factory this process lacks).
 */
export function socialConnectorOf(row: StoredConnector, outbound: Outbound): SocialConnector | undefined {
  const connector = createConnector(row.connectorId, row.config, { outbound });
  return connector.type === 'Social' ? connector : undefined;
}

/** The provider's authorization URI for a new session bound to the caller's state and redirect URI. */
export async function startSocialSession(
  connector: SocialConnector,
  { state, redirectUri }: { state: string; redirectUri: string },
): Promise<{ authorizationUri: string; session: SocialSession }> {
  const session = {
    state,
    redirectUri,
    nonce: randomBytes(32).toString('base64url'),
    codeVerifier: randomBytes(32).toString('base64url'),
  };
  const authorizationUri = await connector.getAuthorizationUri(session);
  return { authorizationUri, session };
}

/** Whether the provider's callback belongs to this session: the state ties it to the browser's request (CSRF). */
export function matchesSocialSession(
  session: SocialSession,
  connectorData: Record<string, unknown>,
): connectorData is {
  state: string;
  code: string;
} {
  return typeof connectorData.state === 'string' && connectorData.state === session.state && typeof connectorData.code === 'string';
}

/** Redeems the provider's code (once: a provider refuses it again) and answers who the user is. */
export async function finishSocialSession(
  connector: SocialConnector,
  session: SocialSession,
  connectorData: { code: string } & Record<string, unknown>,
): Promise<VerifiedSocialUser> {
  const { rawData: _raw, ...user } = await connector.getUserInfo({
    code: connectorData.code,
    redirectUri: session.redirectUri,
    nonce: session.nonce,
    codeVerifier: session.codeVerifier,
    connectorData,
  });
  return user;
}

/**
 * What a caller is told when a provider call fails. A refusal by the outbound guard names an
 * internal address: that goes to the log for the operator, the caller gets `fallback`.
 */
export function socialFailureMessage(error: unknown, fallback: string, log: MessageSenderLog): string {
  if (isOutboundRefusal(error)) {
    log.warn({ reason: (error as Error).message }, 'a social connector points at an address outbound requests may not reach');
    return fallback;
  }
  return error instanceof ConnectorError ? error.message : fallback;
}
