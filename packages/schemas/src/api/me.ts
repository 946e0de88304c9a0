// Shapes of Logto's "Me API" (/api/me on the admin endpoint): the console's calls about its own
// signed-in user.
import { Type, type Static } from 'typebox';
import { JsonObjectSchema } from '../json/common.ts';
import { closedObject, emailPattern, usernamePattern } from './common.ts';
import { RoleUserResponseSchema } from './roles.ts';

/** GET /api/me: the user's info; `hasPassword` appears only when the user has one, as in Logto. */
export const MeResponseSchema = Type.Object({
  ...RoleUserResponseSchema.properties,
  hasPassword: Type.Optional(Type.Literal(true)),
});
export type MeResponse = Static<typeof MeResponseSchema>;

/** PATCH /api/me: '' and null clear the name and the avatar; a new email must have been verified. */
export const UpdateMeBodySchema = closedObject({
  username: Type.Optional(Type.String({ maxLength: 128, pattern: usernamePattern })),
  primaryEmail: Type.Optional(Type.String({ maxLength: 128, pattern: emailPattern })),
  name: Type.Optional(Type.Union([Type.String({ maxLength: 128 }), Type.Null()])),
  /** An http(s) URL, or '' / null to clear it. */
  avatar: Type.Optional(Type.Union([Type.String({ maxLength: 2048 }), Type.Null()])),
});
export type UpdateMeBody = Static<typeof UpdateMeBodySchema>;

/** POST /api/me/password/verify. */
export const MePasswordVerifyBodySchema = closedObject({ password: Type.String({ maxLength: 256 }) });
/** POST /api/me/password. */
export const MePasswordBodySchema = closedObject({ password: Type.String({ minLength: 1, maxLength: 256 }) });

/** PATCH /api/me/custom-data replaces the whole object with the body. */
export const MeCustomDataSchema = JsonObjectSchema;
