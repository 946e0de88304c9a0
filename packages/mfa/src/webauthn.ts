// WebAuthn ceremonies for a tenant's endpoint: the relying party is its host name; the accepted
// origins are the endpoint's own (where the sign-in UI and account pages are served) and any
// related origins the administrator listed (apps that register passkeys through the Account API).
import type { AuthenticationResponseJSON, AuthenticatorTransport, RegistrationResponseJSON } from '@simplewebauthn/server';
import { RequestError } from '@idp/errors';
import type { MfaVerification, NewWebAuthnCredential } from '@idp/schemas';

// Loaded at the first ceremony rather than at start-up: the library and its CBOR and certificate
// parsers are large, and most services never run a passkey ceremony between restarts.
let loaded: Promise<typeof import('@simplewebauthn/server')> | undefined;
const webauthn = () => {
  loaded ??= import('@simplewebauthn/server');
  return loaded;
};

export type RelyingParty = { id: string; name: string; origin: string | string[] };
export type StoredWebAuthn = Extract<MfaVerification, { type: 'WebAuthn' }>;

export const relyingPartyOf = (endpoint: string, relatedOrigins: readonly string[] = []): RelyingParty => {
  const url = new URL(endpoint);
  if (relatedOrigins.length === 0) return { id: url.hostname, name: url.hostname, origin: url.origin };
  return {
    id: url.hostname,
    name: url.hostname,
    origin: [...new Set([url.origin, ...relatedOrigins.map((item) => new URL(item).origin)])],
  };
};

/** A payload as sent (Logto's UI says type "WebAuthn"), in the form the library verifies. */
export const asWebAuthnResponse = <T extends RegistrationResponseJSON | AuthenticationResponseJSON>(payload: unknown) =>
  ({ ...(payload as object), type: 'public-key' }) as T;

const transportsOf = (credential: { transports?: string[] }) => credential.transports as AuthenticatorTransport[] | undefined;

export const webAuthnCredentialsOf = (mfaVerifications: MfaVerification[]) =>
  mfaVerifications.filter((factor): factor is StoredWebAuthn => factor.type === 'WebAuthn');

export async function registrationOptions(rp: RelyingParty, user: { id: string; name: string }, existing: StoredWebAuthn[]) {
  const { generateRegistrationOptions } = await webauthn();
  return generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userID: new TextEncoder().encode(user.id),
    userName: user.name,
    attestationType: 'none',
    excludeCredentials: existing.map((credential) => ({ id: credential.credentialId, transports: transportsOf(credential) })),
    // Discoverable where the authenticator can, so the same credential signs in as a passkey.
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
  });
}

export async function verifyRegistration(
  rp: RelyingParty,
  challenge: string,
  response: RegistrationResponseJSON,
  agent: string,
): Promise<NewWebAuthnCredential> {
  const { verifyRegistrationResponse } = await webauthn();
  const result = await verifyRegistrationResponse({
    response,
    expectedChallenge: challenge,
    expectedOrigin: rp.origin,
    expectedRPID: rp.id,
    requireUserVerification: false,
  }).catch(() => undefined);
  if (!result?.verified) throw new RequestError('session.mfa.webauthn_verification_failed');
  const { credential } = result.registrationInfo;
  return {
    credentialId: credential.id,
    publicKey: Buffer.from(credential.publicKey).toString('base64url'),
    counter: credential.counter,
    ...(credential.transports ? { transports: credential.transports } : {}),
    agent: agent.slice(0, 256),
  };
}

export const authenticationOptions = async (rp: RelyingParty, credentials: StoredWebAuthn[] | undefined) =>
  (await webauthn()).generateAuthenticationOptions({
    rpID: rp.id,
    userVerification: 'preferred',
    // Undefined: any discoverable credential of this site (passkey sign-in without an identifier).
    ...(credentials
      ? { allowCredentials: credentials.map((credential) => ({ id: credential.credentialId, transports: transportsOf(credential) })) }
      : {}),
  });

/** Verifies an assertion against the stored credential it names; the new signature counter. */
export async function verifyAuthentication(
  rp: RelyingParty,
  challenge: string,
  response: AuthenticationResponseJSON,
  credential: StoredWebAuthn,
): Promise<number> {
  const { verifyAuthenticationResponse } = await webauthn();
  const result = await verifyAuthenticationResponse({
    response,
    expectedChallenge: challenge,
    expectedOrigin: rp.origin,
    expectedRPID: rp.id,
    credential: {
      id: credential.credentialId,
      publicKey: Buffer.from(credential.publicKey, 'base64url'),
      counter: credential.counter,
      transports: transportsOf(credential),
    },
    requireUserVerification: false,
  }).catch(() => undefined);
  if (!result?.verified) throw new RequestError('session.mfa.webauthn_verification_failed');
  return result.authenticationInfo.newCounter;
}
