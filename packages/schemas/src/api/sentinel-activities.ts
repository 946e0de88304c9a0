// POST /api/sentinel-activities/delete: unlock identifiers the sentinel locked after failed sign-ins.
import { Type, type Static } from 'typebox';
import { closedObject } from './common.ts';

export const DeleteSentinelActivitiesBodySchema = closedObject({
  /** Logto's target kinds; `User` targets are identifiers (username, email, phone). Defaults to `User`. */
  targetType: Type.Optional(Type.Union([Type.Literal('User'), Type.Literal('App')])),
  targets: Type.Array(Type.String({ minLength: 1, maxLength: 256 }), {
    maxItems: 1000,
    description: 'Identifiers to unlock, as users type them.',
  }),
});
export type DeleteSentinelActivitiesBody = Static<typeof DeleteSentinelActivitiesBodySchema>;
