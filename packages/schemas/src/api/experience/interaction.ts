// The oidc service's internal interaction API (DESIGN.md): the Experience API reads the interaction
// a browser is in, saves its own state with it, and finishes it. The oidc service declares these as
// its routes' schemas; the Experience API's client reads and sends the same static types.
//
// Saving is versioned: every read answers the stored version, every save sends the version it read,
// and a save (or finish) whose version is no longer the stored one answers 409
// `session.interaction_conflict`, so two concurrent steps never silently drop each other's records.
import { Type, type Static } from 'typebox';
import { closedObject } from '../common.ts';
import { ExperienceStateSchema } from './state.ts';

const version = Type.Integer({ minimum: 0 });

/** GET /internal/interaction */
export const InteractionDetailsSchema = Type.Object({
  uid: Type.String(),
  /** The authorization request's parameters (`client_id`, `scope`, …). */
  params: Type.Record(Type.String(), Type.Unknown()),
  /** Set when the browser already has a session with the OP. */
  accountId: Type.Optional(Type.String()),
  experience: Type.Union([ExperienceStateSchema, Type.Null()]),
  /** The version of `experience`; 0 before the first save. */
  version,
});
export type InteractionDetails = Static<typeof InteractionDetailsSchema>;

/**
 * PUT /internal/interaction/experience: `null` ends the experience (the interaction stays). Without
 * `version` the save replaces whatever is stored (starting an experience), in one call instead of a
 * read and a save.
 */
export const SaveExperienceBodySchema = closedObject({
  experience: Type.Union([ExperienceStateSchema, Type.Null()]),
  version: Type.Optional(version),
});
export type SaveExperienceBody = Static<typeof SaveExperienceBodySchema>;

/**
 * The new version, and the rest of what GET /internal/interaction would now answer (the state is
 * the one just saved), so the caller's next step can start from it without reading it again. (An
 * older oidc service answers only the version.)
 */
export const SaveExperienceResponseSchema = Type.Object({
  version,
  uid: Type.Optional(InteractionDetailsSchema.properties.uid),
  params: Type.Optional(InteractionDetailsSchema.properties.params),
  accountId: InteractionDetailsSchema.properties.accountId,
});
export type SaveExperienceResponse = Static<typeof SaveExperienceResponseSchema>;

// `version`, when sent, makes finishing conditional like a save: the experience that decided the
// result must still be the stored one. Without it the oidc service checks against what it read.
export const InteractionLoginResultSchema = closedObject({
  login: closedObject({ accountId: Type.String({ minLength: 1 }) }),
  version: Type.Optional(version),
});
export const InteractionErrorResultSchema = closedObject({
  error: Type.String({ minLength: 1 }),
  error_description: Type.Optional(Type.String()),
  version: Type.Optional(version),
});
/** POST /internal/interaction/result */
export const FinishInteractionBodySchema = Type.Union([InteractionLoginResultSchema, InteractionErrorResultSchema]);
export type FinishInteractionBody = Static<typeof FinishInteractionBodySchema>;

export const FinishInteractionResponseSchema = Type.Object({ redirectTo: Type.String() });
export type FinishInteractionResponse = Static<typeof FinishInteractionResponseSchema>;
