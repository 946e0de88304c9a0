// Logto's Experience API, one function per call. All of them use the interaction cookie the
// OIDC service set before sending the browser here.
// The shapes come from the service's own schemas (types only: nothing of @idp/schemas is bundled).
import type {
  CodeIdentifier,
  Identifier,
  InteractionEvent,
  ProfileBody,
  SocialAuthorizationUriResponse,
  SubmitResponse,
  VerificationIdResponse as Verification,
} from '@idp/schemas';
import { requestJson } from './http.ts';

export type { CodeIdentifier, Identifier, InteractionEvent } from '@idp/schemas';

const base = '/api/experience';

/** Starts (or restarts, dropping earlier verifications) the experience of this interaction. */
export const startExperience = (interactionEvent: InteractionEvent) => requestJson<void>('PUT', base, { interactionEvent });

/** Switches between SignIn and Register, keeping the verifications made so far. */
export const switchInteractionEvent = (interactionEvent: InteractionEvent) =>
  requestJson<void>('PUT', `${base}/interaction-event`, { interactionEvent });

export const verifyPassword = (identifier: Identifier, password: string) =>
  requestJson<Verification>('POST', `${base}/verification/password`, { identifier, password });

export const createPasswordIdentity = (identifier: Identifier, password: string) =>
  requestJson<Verification>('POST', `${base}/verification/new-password-identity`, { identifier, password });

export const sendVerificationCode = (identifier: CodeIdentifier, interactionEvent: InteractionEvent) =>
  requestJson<Verification>('POST', `${base}/verification/verification-code`, { identifier, interactionEvent });

export const verifyVerificationCode = (identifier: CodeIdentifier, verificationId: string, code: string) =>
  requestJson<Verification>('POST', `${base}/verification/verification-code/verify`, { identifier, verificationId, code });

export const getSocialAuthorizationUri = (connectorId: string, state: string, redirectUri: string) =>
  requestJson<SocialAuthorizationUriResponse>('POST', `${base}/verification/social/${encodeURIComponent(connectorId)}/authorization-uri`, {
    state,
    redirectUri,
  });

export const verifySocial = (connectorId: string, verificationId: string, connectorData: Record<string, string>) =>
  requestJson<Verification>('POST', `${base}/verification/social/${encodeURIComponent(connectorId)}/verify`, {
    connectorData,
    verificationId,
  });

/** Finds the user a verification proves (SignIn, ForgotPassword) or creates the account (Register). */
export const identify = (verificationId?: string) =>
  requestJson<unknown>('POST', `${base}/identification`, verificationId ? { verificationId } : {});

export type ProfileUpdate = ProfileBody;

export const addProfile = (profile: ProfileUpdate) => requestJson<void>('POST', `${base}/profile`, profile);

/** The new password of a password reset. */
export const resetPassword = (password: string) => requestJson<void>('PUT', `${base}/profile/password`, { password });

/** Ends the experience: `redirectTo` where the browser goes on (none after a password reset). */
export const submit = () => requestJson<SubmitResponse | undefined>('POST', `${base}/submit`);
