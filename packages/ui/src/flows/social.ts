// Social sign-in across the provider's redirect: what we need again on the callback page
// (connector, state, verification) waits in sessionStorage, which survives the round trip.
import { getSocialAuthorizationUri, type InteractionEvent } from '../api/experience.ts';
import type { SocialConnector } from '../api/sign-in-experience.ts';

const storageKey = 'idp.social-sign-in';

export type SocialSession = {
  connectorId: string;
  state: string;
  verificationId: string;
  redirectUri: string;
  interactionEvent: InteractionEvent;
};

function randomState(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export const socialCallbackUri = (connectorId: string) => `${window.location.origin}/callback/${encodeURIComponent(connectorId)}`;

/** Asks for the provider's authorization URL and sends the browser there. */
export async function startSocialSignIn(connector: SocialConnector, interactionEvent: InteractionEvent): Promise<void> {
  const state = randomState();
  const redirectUri = socialCallbackUri(connector.id);
  const { authorizationUri, verificationId } = await getSocialAuthorizationUri(connector.id, state, redirectUri);
  const session: SocialSession = { connectorId: connector.id, state, verificationId, redirectUri, interactionEvent };
  sessionStorage.setItem(storageKey, JSON.stringify(session));
  window.location.assign(authorizationUri);
  await new Promise(() => {}); // stays busy while the browser leaves
}

export function readSocialSession(): SocialSession | undefined {
  try {
    const stored = JSON.parse(sessionStorage.getItem(storageKey) ?? 'null') as SocialSession | null;
    return stored && typeof stored.state === 'string' && typeof stored.verificationId === 'string' ? stored : undefined;
  } catch {
    return undefined;
  }
}

export const clearSocialSession = () => sessionStorage.removeItem(storageKey);

export function connectorName(connector: SocialConnector, language: string): string {
  const { name } = connector;
  if (typeof name === 'string' && name) return name;
  if (name && typeof name === 'object') return name[language] ?? name.en ?? Object.values(name)[0] ?? connector.target;
  return connector.target;
}
