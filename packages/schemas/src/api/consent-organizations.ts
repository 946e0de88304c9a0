// /api/applications/:id/users/:userId/consent-organizations: the organizations a user let a
// third-party application into (Logto's user consent organizations).
import { Type, type Static } from 'typebox';

import { closedObject, PathIdSchema } from './common.ts';
import { OrganizationResponseSchema } from './organizations.ts';

export const ConsentOrganizationsParamsSchema = Type.Object({ id: PathIdSchema, userId: PathIdSchema });

export const ConsentOrganizationParamsSchema = Type.Object({ id: PathIdSchema, userId: PathIdSchema, organizationId: PathIdSchema });

// A user is rarely in more organizations than this; the cap keeps one request's work bounded.
const organizationIds = (minItems: number) => Type.Array(PathIdSchema, { minItems, maxItems: 100 });

/** POST: grants these organizations too (Logto wants at least one). */
export const GrantConsentOrganizationsBodySchema = closedObject({ organizationIds: organizationIds(1) });
export type GrantConsentOrganizationsBody = Static<typeof GrantConsentOrganizationsBodySchema>;

/** PUT: grants exactly these organizations; an empty list revokes them all. */
export const ReplaceConsentOrganizationsBodySchema = closedObject({ organizationIds: organizationIds(0) });
export type ReplaceConsentOrganizationsBody = Static<typeof ReplaceConsentOrganizationsBodySchema>;

export const ConsentOrganizationsResponseSchema = Type.Object({ organizations: Type.Array(OrganizationResponseSchema) });
export type ConsentOrganizationsResponse = Static<typeof ConsentOrganizationsResponseSchema>;
