// Linking a social account crosses the provider's redirect: the social record, the state and the
// proof of identity (made before leaving, spent by the link on return) wait in sessionStorage.
import { PhraseError } from '../errors.ts';
import { accountApi } from './api.ts';
import { accountBasePath } from './client.ts';

const storageKey = 'idp:account:social-link';

type Pending = { connectorId: string; state: string; recordId: string; proof: string };

export const socialLinkCallbackPath = (connectorId: string) => `${accountBasePath}/social/callback/${encodeURIComponent(connectorId)}`;

function randomState(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Sends the browser to the provider; `proof` is a record proving who the user is. */
export async function startSocialLink(connectorId: string, proof: string): Promise<void> {
  const state = randomState();
  const redirectUri = `${window.location.origin}${socialLinkCallbackPath(connectorId)}`;
  const created = await accountApi.startSocial(connectorId, state, redirectUri);
  const pending: Pending = { connectorId, state, recordId: created.verificationRecordId, proof };
  sessionStorage.setItem(storageKey, JSON.stringify(pending));
  window.location.assign(created.authorizationUri);
  await new Promise(() => {}); // stays busy while the browser leaves
}

/** On return: the provider's answer proves the identity, which is then linked. */
export async function finishSocialLink(connectorId: string, query: URLSearchParams): Promise<void> {
  const stored = sessionStorage.getItem(storageKey);
  sessionStorage.removeItem(storageKey);
  const pending = stored ? (JSON.parse(stored) as Pending) : undefined;
  if (!pending || pending.connectorId !== connectorId || pending.state !== query.get('state')) {
    throw new PhraseError('account.social.state_mismatch');
  }
  const verified = await accountApi.verifySocial(pending.recordId, Object.fromEntries(query));
  await accountApi.linkIdentity(verified.verificationRecordId, pending.proof);
}
