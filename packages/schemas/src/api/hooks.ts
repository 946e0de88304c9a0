// Management API shapes of /api/hooks (Logto's webhooks).
import { Type, type Static } from 'typebox';
import { hookEvents, type HookEvent } from '../tables/hooks.ts';
import { closedObject } from './common.ts';

// The union is built from the list; its static type is restated, which a mapped array cannot carry.
export const HookEventSchema = Type.Unsafe<HookEvent>(Type.Union(hookEvents.map((event) => Type.Literal(event))));

/** Header names as HTTP allows them; values without line breaks (they go on the wire as given). */
const HookHeadersSchema = Type.Record(
  Type.String({ pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}$" }),
  Type.String({ maxLength: 4096, pattern: '^[^\\r\\n]*$' }),
  {
    maxProperties: 50,
    additionalProperties: false,
  },
);

export const HookConfigSchema = closedObject({
  url: Type.String({ minLength: 1, maxLength: 2048 }),
  headers: Type.Optional(HookHeadersSchema),
  retries: Type.Optional(Type.Integer({ minimum: 0, maximum: 3 })),
});

const HookEventsSchema = Type.Array(HookEventSchema, { maxItems: 64 });

export const HookResponseSchema = Type.Object({
  tenantId: Type.String(),
  id: Type.String(),
  name: Type.String(),
  event: Type.Union([HookEventSchema, Type.Null()]),
  events: Type.Array(HookEventSchema),
  signingKey: Type.String(),
  config: Type.Object({
    url: Type.String(),
    headers: Type.Optional(Type.Record(Type.String(), Type.String())),
    retries: Type.Optional(Type.Number()),
  }),
  enabled: Type.Boolean(),
  createdAt: Type.Number({ description: 'Milliseconds since the epoch.' }),
});
export type HookResponse = Static<typeof HookResponseSchema>;

/** Deliveries of the last 24 hours, with `includeExecutionStats=true`. */
export const HookWithStatsResponseSchema = Type.Object({
  ...HookResponseSchema.properties,
  executionStats: Type.Optional(Type.Object({ successCount: Type.Number(), requestCount: Type.Number() })),
});
export type HookWithStatsResponse = Static<typeof HookWithStatsResponseSchema>;

export const CreateHookBodySchema = closedObject({
  name: Type.String({ minLength: 1, maxLength: 256 }),
  /** Deprecated in Logto in favour of `events`. */
  event: Type.Optional(HookEventSchema),
  events: Type.Optional(HookEventsSchema),
  config: HookConfigSchema,
  enabled: Type.Optional(Type.Boolean()),
});
export type CreateHookBody = Static<typeof CreateHookBodySchema>;

export const UpdateHookBodySchema = closedObject({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
  event: Type.Optional(Type.Union([HookEventSchema, Type.Null()])),
  events: Type.Optional(HookEventsSchema),
  config: Type.Optional(HookConfigSchema),
  enabled: Type.Optional(Type.Boolean()),
});
export type UpdateHookBody = Static<typeof UpdateHookBodySchema>;

export const TestHookBodySchema = closedObject({
  events: Type.Array(HookEventSchema, { minItems: 1, maxItems: 64 }),
  config: HookConfigSchema,
});
export type TestHookBody = Static<typeof TestHookBodySchema>;
