// The state of one sign-in, registration or password reset: kept with the OIDC interaction (see
// oidc-interaction.ts), so it expires with it and any replica can continue it.
import type { PasswordDigest } from '@idp/password';

export type InteractionEvent = 'SignIn' | 'Register' | 'ForgotPassword';
export type IdentifierType = 'username' | 'email' | 'phone';
export type Identifier = { type: IdentifierType; value: string };

export type SocialUserInfo = { id: string; email?: string; emailVerified?: boolean; phone?: string; name?: string; avatar?: string };

export type MfaFactor = 'Totp' | 'WebAuthn' | 'BackupCode' | 'EmailVerificationCode' | 'PhoneVerificationCode';

/** A WebAuthn credential as verified at registration, waiting to be stored with the user. */
export type NewWebAuthnCredential = { credentialId: string; publicKey: string; counter: number; transports?: string[]; agent: string };

/** Second-factor verifications: each belongs to the identified user (`userId`). */
export type MfaVerificationRecord =
  /** A new TOTP secret (sealed) to bind once a code from it has been verified. */
  | { id: string; type: 'TotpBinding'; userId: string; verified: boolean; sealedSecret: string; step?: number }
  /** A code checked against the user's bound TOTP secret. */
  | { id: string; type: 'Totp'; userId: string; verified: boolean }
  | { id: string; type: 'WebAuthnRegistration'; userId: string; verified: boolean; challenge: string; credential?: NewWebAuthnCredential }
  | { id: string; type: 'WebAuthnAuthentication'; userId: string; verified: boolean; challenge: string }
  /** New backup codes, kept hashed: the plain codes are shown once, in the response that made them. */
  | { id: string; type: 'BackupCodeGeneration'; userId: string; verified: boolean; codeHashes: string[] }
  | { id: string; type: 'BackupCode'; userId: string; verified: boolean }
  | { id: string; type: 'MfaEmailVerificationCode' | 'MfaPhoneVerificationCode'; userId: string; verified: boolean; codeId: string; to: string };

export type VerificationRecord =
  | MfaVerificationRecord
  /** A passkey sign-in: the user is known once the assertion verifies (or from the identifier). */
  | { id: string; type: 'SignInPasskey'; verified: boolean; challenge: string; userId?: string }
  | { id: string; type: 'Password'; identifier: Identifier; verified: boolean; userId?: string }
  | { id: string; type: 'EmailVerificationCode' | 'PhoneVerificationCode'; identifier: Identifier; verified: boolean; codeId: string }
  | { id: string; type: 'NewPasswordIdentity'; identifier: Identifier; verified: boolean; passwordDigest: PasswordDigest }
  | {
      id: string;
      type: 'Social';
      connectorId: string;
      target: string;
      verified: boolean;
      state: string;
      redirectUri: string;
      nonce: string;
      codeVerifier: string;
      userInfo?: SocialUserInfo;
    };

export type ExperienceProfile = {
  username?: string;
  primaryEmail?: string;
  primaryPhone?: string;
  name?: string;
  avatar?: string;
  passwordDigest?: PasswordDigest;
  socialIdentity?: { target: string; userInfo: SocialUserInfo };
};

/** Second-factor bindings made in this interaction; stored with the user on submit. */
export type PendingMfa = {
  totp?: { sealedSecret: string; step?: number };
  webAuthn: NewWebAuthnCredential[];
  backupCodeHashes?: string[];
  /** The user chose not to set up a second factor now (only where the policy allows it). */
  skipped?: boolean;
  enabled?: boolean;
  suggestionSkipped?: boolean;
  passkeySkipped?: boolean;
};

export type ExperienceState = {
  interactionEvent: InteractionEvent;
  /** Set once identification has found (or created) the user. */
  userId?: string;
  profile: ExperienceProfile;
  verificationRecords: VerificationRecord[];
  mfa?: PendingMfa;
};

export const newExperience = (interactionEvent: InteractionEvent): ExperienceState => ({
  interactionEvent,
  profile: {},
  verificationRecords: [],
});
