// Management API shapes of /api/logs and /api/users/:userId/logs.
import { Type, type Static } from 'typebox';

/** Logto's log context; each kind of log may add fields of its own, which are passed through. */
export const LogPayloadSchema = Type.Object(
  {
    key: Type.Optional(Type.String()),
    result: Type.Optional(Type.Union([Type.Literal('Success'), Type.Literal('Error')])),
    error: Type.Optional(Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.String()])),
    ip: Type.Optional(Type.String()),
    userAgent: Type.Optional(Type.String()),
    userId: Type.Optional(Type.String()),
    applicationId: Type.Optional(Type.String()),
    sessionId: Type.Optional(Type.String()),
    params: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { additionalProperties: true },
);
export type LogPayload = Static<typeof LogPayloadSchema>;

export const LogResponseSchema = Type.Object({
  tenantId: Type.String(),
  id: Type.String(),
  key: Type.String(),
  payload: LogPayloadSchema,
  createdAt: Type.Number({ description: 'Milliseconds since the epoch.' }),
});
export type LogResponse = Static<typeof LogResponseSchema>;
