// Consent, as Logto's sign-in experience asks for it: `GET /api/interaction/consent` tells the
// consent page what the app asks for, `POST /api/interaction/consent` grants it and answers where
// the browser resumes. Behind them, the oidc service's internal consent routes, which alone touch
// oidc-provider's grant.
import { Type, type Static } from 'typebox';
import { closedObject } from '../common.ts';

const nullableString = Type.Union([Type.String(), Type.Null()]);

/** The scopes the user is asked to grant of one API resource. */
export const MissingResourceScopesSchema = Type.Object({
  resource: Type.Object({ id: Type.String(), name: Type.String(), indicator: Type.String() }),
  scopes: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), description: nullableString })),
});

/** GET /api/interaction/consent (Logto's consent info). */
export const ConsentInfoResponseSchema = Type.Object({
  application: Type.Object({ id: Type.String(), name: Type.String() }),
  user: Type.Object({
    id: Type.String(),
    name: nullableString,
    avatar: nullableString,
    username: nullableString,
    primaryEmail: nullableString,
    primaryPhone: nullableString,
  }),
  /** Organizations do not exist here yet: always empty. */
  organizations: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
  /** The user-info scopes asked for, without `openid` and `offline_access` (nothing to show). */
  missingOIDCScope: Type.Array(Type.String()),
  missingResourceScopes: Type.Array(MissingResourceScopesSchema),
  /** Absent for a device authorization, which has no redirect URI. */
  redirectUri: Type.Optional(Type.String()),
});
export type ConsentInfoResponse = Static<typeof ConsentInfoResponseSchema>;

/** POST /api/interaction/consent */
export const ConsentBodySchema = closedObject({
  organizationIds: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 21 }), { maxItems: 100 })),
});
export type ConsentBody = Static<typeof ConsentBodySchema>;

export const ConsentResponseSchema = Type.Object({ redirectTo: Type.String() });

/**
 * GET /internal/interaction/consent: the consent the browser's interaction waits for, as the oidc
 * service would grant it (resource scopes already narrowed to what the user's roles and, for a
 * third-party app, the app's consent settings allow).
 */
export const InteractionConsentSchema = Type.Object({
  applicationId: Type.String(),
  accountId: Type.String(),
  redirectUri: Type.Optional(Type.String()),
  missingOIDCScope: Type.Array(Type.String()),
  resourceScopes: Type.Array(Type.Object({ indicator: Type.String(), scopes: Type.Array(Type.String()) })),
});
export type InteractionConsent = Static<typeof InteractionConsentSchema>;

/** POST /internal/interaction/consent grants it; nothing to choose while organizations do not exist. */
export const GrantConsentBodySchema = closedObject({});

/**
 * POST /internal/interaction/consent/automatic (the gateway, for `GET /consent`): a first-party
 * app's consent is granted at once and the browser resumes at `redirectTo`; `null` when the page
 * must ask (a third-party app, or no signed-in interaction waiting for consent).
 */
export const AutomaticConsentResponseSchema = Type.Object({ redirectTo: nullableString });
