// Consent, as Logto's sign-in experience asks for it: `GET /api/interaction/consent` tells the
// consent page what the app asks for, `POST /api/interaction/consent` grants it and answers where
// the browser resumes. Behind them, the oidc service's internal consent routes, which alone touch
// oidc-provider's grant.
import { Type, type Static } from 'typebox';
import { closedObject } from '../common.ts';

const nullableString = Type.Union([Type.String(), Type.Null()]);
const organizationIds = Type.Array(Type.String({ minLength: 1, maxLength: 21 }), { maxItems: 100 });

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
  /**
   * The user's organizations to pick from, when a third-party app asks for
   * `urn:logto:scope:organizations`; empty otherwise.
   */
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
  /** The organizations the user lets a third-party app into; each must be one of theirs. */
  organizationIds: Type.Optional(organizationIds),
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
  /** A third-party app asks for `urn:logto:scope:organizations`: the user picks organizations. */
  organizationsRequested: Type.Boolean(),
});
export type InteractionConsent = Static<typeof InteractionConsentSchema>;

/** POST /internal/interaction/consent grants it, letting the app into the organizations named. */
export const GrantConsentBodySchema = closedObject({ organizationIds: Type.Optional(organizationIds) });

/**
 * POST /internal/interaction/consent/automatic (the gateway, for `GET /consent`): a first-party
 * app's consent is granted at once and the browser resumes at `redirectTo`; `null` when the page
 * must ask (a third-party app, or no signed-in interaction waiting for consent).
 */
export const AutomaticConsentResponseSchema = Type.Object({ redirectTo: nullableString });
