// Second factors shared by the services that check them (experience) and bind them (account):
// TOTP codes, backup codes, WebAuthn ceremonies, and the box that seals TOTP secrets at rest. One
// stored format for both.
export { generateBackupCodes, hashBackupCode, matchBackupCode } from './backup-codes.ts';
export { createSecretBox, type SecretBox } from './secret-box.ts';
export { generateTotpSecret, isTotpSecret, matchTotp, totpUri } from './totp.ts';
export {
  asWebAuthnResponse,
  authenticationOptions,
  registrationOptions,
  relyingPartyOf,
  verifyAuthentication,
  verifyRegistration,
  webAuthnCredentialsOf,
  type RelyingParty,
  type StoredWebAuthn,
} from './webauthn.ts';
