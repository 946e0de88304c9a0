import { BackendConfigSchema, loadConfig, outboundConfigProperties } from '@idp/config';
import { Type, type Static } from 'typebox';

// The delivery policy. Defaults suit production; tests shorten the delays.
export const WebhooksConfigSchema = Type.Object({
  ...BackendConfigSchema.properties,
  ...outboundConfigProperties,
  /** One request's deadline, connecting and reading the answer included. */
  WEBHOOK_TIMEOUT_MS: Type.Integer({ minimum: 100, default: 10_000 }),
  /** The first retry's delay; each further one doubles it (with jitter), up to WEBHOOK_RETRY_MAX_DELAY_MS. */
  WEBHOOK_RETRY_BASE_MS: Type.Integer({ minimum: 1, default: 1_000 }),
  WEBHOOK_RETRY_MAX_DELAY_MS: Type.Integer({ minimum: 1, default: 300_000 }),
  /** How long after the event retries stop and the delivery is marked failed. */
  WEBHOOK_RETRY_WINDOW_MS: Type.Integer({ minimum: 0, default: 3_600_000 }),
  /** Requests in flight at once, per worker process. */
  WEBHOOK_CONCURRENCY: Type.Integer({ minimum: 1, maximum: 1024, default: 128 }),
  /** Requests in flight to one hook at once, so a slow receiver leaves room for the others. */
  WEBHOOK_PER_HOOK_CONCURRENCY: Type.Integer({ minimum: 1, maximum: 1024, default: 32 }),
  /**
   * How long a claimed delivery is left to its worker before another may take it (a worker that
   * died mid-request). Kept well above WEBHOOK_TIMEOUT_MS.
   */
  WEBHOOK_LEASE_MS: Type.Integer({ minimum: 200, default: 60_000 }),
  /** How often due deliveries are looked for without a notification (retries, lost notifications). */
  WEBHOOK_POLL_INTERVAL_MS: Type.Integer({ minimum: 10, default: 1_000 }),
  /** How long finished deliveries are kept in the outbox (their log entries are kept as the audit log is). */
  WEBHOOK_RETENTION_MS: Type.Integer({ minimum: 0, default: 7 * 24 * 3_600_000 }),
  /** Bytes of a receiver's answer kept for the delivery log. */
  WEBHOOK_RESPONSE_BODY_LIMIT: Type.Integer({ minimum: 0, maximum: 65_536, default: 2_048 }),
});

export type WebhooksConfig = Static<typeof WebhooksConfigSchema>;

export const loadWebhooksConfig = (env?: Record<string, string | undefined>) => loadConfig(WebhooksConfigSchema, env);
