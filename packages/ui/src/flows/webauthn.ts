// The browser's passkey prompts (WebAuthn), with their failures turned into sentences for people:
// a cancelled or timed-out prompt, an authenticator already registered, a browser without support.
import {
  browserSupportsWebAuthn,
  startAuthentication,
  startRegistration,
  WebAuthnError,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/browser';
import { PhraseError, QuietError } from '../errors.ts';
import type { PhraseKey } from '../i18n/index.ts';

function explain(error: unknown): Error {
  if (error instanceof WebAuthnError) {
    const byCode: Partial<Record<WebAuthnError['code'], PhraseKey>> = {
      ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED: 'error.webauthn_already_registered',
      ERROR_INVALID_DOMAIN: 'error.webauthn_unavailable_here',
      ERROR_INVALID_RP_ID: 'error.webauthn_unavailable_here',
      ERROR_AUTHENTICATOR_MISSING_DISCOVERABLE_CREDENTIAL_SUPPORT: 'error.webauthn_authenticator_unsupported',
      ERROR_AUTHENTICATOR_MISSING_USER_VERIFICATION_SUPPORT: 'error.webauthn_authenticator_unsupported',
      ERROR_AUTHENTICATOR_NO_SUPPORTED_PUBKEYCREDPARAMS_ALG: 'error.webauthn_authenticator_unsupported',
    };
    // A newer prompt (or leaving the page) cancelled this one.
    if (error.code === 'ERROR_CEREMONY_ABORTED') return new QuietError('passkey prompt replaced');
    const key = byCode[error.code];
    if (key) return new PhraseError(key);
  }
  const name = error instanceof Error ? error.name : '';
  // The user closed the prompt, it timed out, or no passkey for this site was found.
  if (name === 'NotAllowedError') return new PhraseError('error.webauthn_cancelled');
  if (name === 'AbortError') return new QuietError('passkey prompt replaced');
  return new PhraseError('error.webauthn_failed');
}

function assertSupported(): void {
  if (!browserSupportsWebAuthn()) throw new PhraseError('error.webauthn_unsupported');
}

export async function registerPasskey(optionsJSON: PublicKeyCredentialCreationOptionsJSON): Promise<RegistrationResponseJSON> {
  assertSupported();
  try {
    return await startRegistration({ optionsJSON });
  } catch (error) {
    throw explain(error);
  }
}

export async function authenticateWithPasskey(
  optionsJSON: PublicKeyCredentialRequestOptionsJSON,
  options: { autofill?: boolean } = {},
): Promise<AuthenticationResponseJSON> {
  assertSupported();
  try {
    return await startAuthentication({ optionsJSON, useBrowserAutofill: options.autofill ?? false });
  } catch (error) {
    throw explain(error);
  }
}
