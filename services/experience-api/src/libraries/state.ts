// The state of one sign-in, registration or password reset: kept with the OIDC interaction (see
// oidc-interaction.ts), so it expires with it and any replica can continue it. Its shape is part of
// the internal interaction contract, so it is defined once in @idp/schemas.
import type { ExperienceState, InteractionEvent } from '@idp/schemas';

export type {
  ExperienceProfile,
  ExperienceState,
  Identifier,
  IdentifierType,
  InteractionEvent,
  MfaFactor,
  MfaVerificationRecord,
  NewWebAuthnCredential,
  PendingMfa,
  SocialUserInfo,
  VerificationRecord,
} from '@idp/schemas';

export const newExperience = (interactionEvent: InteractionEvent): ExperienceState => ({
  interactionEvent,
  profile: {},
  verificationRecords: [],
});
