// The body of every /api error reply (Logto's shape); `code` comes from the error catalogue.
import { Type, type Static } from 'typebox';

export const ErrorResponseSchema = Type.Object({
  code: Type.String(),
  message: Type.String(),
  data: Type.Optional(Type.Unknown()),
});
export type ErrorResponse = Static<typeof ErrorResponseSchema>;
