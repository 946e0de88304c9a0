// The state of one sign-in, registration or password reset: kept with the OIDC interaction (see
// oidc-interaction.ts), so it expires with it and any replica can continue it.
import type { PasswordDigest } from '@idp/password';

export type InteractionEvent = 'SignIn' | 'Register' | 'ForgotPassword';
export type IdentifierType = 'username' | 'email' | 'phone';
export type Identifier = { type: IdentifierType; value: string };

export type SocialUserInfo = { id: string; email?: string; emailVerified?: boolean; phone?: string; name?: string; avatar?: string };

export type VerificationRecord =
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

export type ExperienceState = {
  interactionEvent: InteractionEvent;
  /** Set once identification has found (or created) the user. */
  userId?: string;
  profile: ExperienceProfile;
  verificationRecords: VerificationRecord[];
};

export const newExperience = (interactionEvent: InteractionEvent): ExperienceState => ({
  interactionEvent,
  profile: {},
  verificationRecords: [],
});
