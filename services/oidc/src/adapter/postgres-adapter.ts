// oidc-provider keeps its state (sessions, interactions, grants, codes, tokens) through an adapter.
// This one stores it in `oidc_model_instances`, one tenant per factory, so any replica can serve any
// step of a login, and lets the database decide one-time use: of ten parallel redemptions of one
// authorization code (or two parallel refreshes of one refresh token) exactly one wins, and the
// losers revoke the grant, as oidc-provider itself does when it sees a reused code.
import type { Db } from '@idp/db';
import { oidcModelInstances as table, type JsonObject } from '@idp/schemas';
import { and, eq, gt, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { errors, type Adapter, type AdapterFactory, type AdapterPayload } from 'oidc-provider';

import { createClientAdapter, type FindClient } from './client-adapter.ts';

export { deleteExpired } from './delete-expired.ts';
export type { FindClient } from './client-adapter.ts';

/** The models oidc-provider ties to a grant; revoking a grant removes their rows. */
export const grantModelNames = [
  'AccessToken',
  'AuthorizationCode',
  'RefreshToken',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
  'PreAuthorizedCode',
];

export type ConsumedTwiceEvent = { tenantId: string; model: string; id: string; grantId?: string };

export type AdapterFactoryOptions = {
  db: Db;
  tenantId: string;
  /** Answers oidc-provider's `Client` lookups (clients live in `applications`, not here). */
  findClient?: FindClient;
  /** Told after a second consume() was refused and its grant revoked (audit, metrics). Must not throw. */
  onConsumedTwice?: (event: ConsumedTwiceEvent) => void;
};

// What oidc-provider reads back: one-time models look at `payload.consumed` (epoch seconds).
const storedPayload = sql<AdapterPayload>`case when ${table.consumedAt} is null then ${table.payload}
  else ${table.payload} || jsonb_build_object('consumed', floor(extract(epoch from ${table.consumedAt}))::bigint) end`;
const notExpired = gt(table.expiresAt, sql`now()`);
// Written exactly as the indexes' expressions, so the planner can use them.
const payloadUid = sql`(${table.payload}->>'uid')`;
const payloadGrantId = sql`(${table.payload}->>'grantId')`;
const payloadUserCode = sql`(${table.payload}->>'userCode')`;

class PostgresAdapter implements Adapter {
  constructor(
    private readonly options: AdapterFactoryOptions,
    private readonly model: string,
  ) {}

  private get db(): Db {
    return this.options.db;
  }

  private ofModel(...conditions: SQL[]): SQL | undefined {
    return and(eq(table.tenantId, this.options.tenantId), eq(table.modelName, this.model), ...conditions);
  }

  async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    const expiresAt =
      typeof expiresIn === 'number'
        ? sql`now() + make_interval(secs => ${expiresIn})`
        : sql`'infinity'::timestamptz`;
    // consumed_at is deliberately kept on conflict: saving again never revives a used code.
    await this.db
      .insert(table)
      .values({
        tenantId: this.options.tenantId,
        modelName: this.model,
        id,
        payload: payload as JsonObject,
        expiresAt,
      })
      .onConflictDoUpdate({
        target: [table.tenantId, table.modelName, table.id],
        set: { payload: sql`excluded.payload`, expiresAt: sql`excluded.expires_at` },
      });
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    return this.findOne(eq(table.id, id));
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return this.findOne(sql`${payloadUid} = ${uid}`);
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    return this.findOne(sql`${payloadUserCode} = ${userCode}`);
  }

  private async findOne(condition: SQL): Promise<AdapterPayload | undefined> {
    const [row] = await this.db
      .select({ payload: storedPayload })
      .from(table)
      .where(this.ofModel(condition, notExpired))
      .limit(1);
    return row?.payload;
  }

  async consume(id: string): Promise<void> {
    // The one statement that decides: only the request that flips consumed_at from null wins.
    const won = await this.db
      .update(table)
      .set({ consumedAt: sql`now()` })
      .where(this.ofModel(eq(table.id, id), isNull(table.consumedAt)))
      .returning({ id: table.id });
    if (won.length > 0) {
      return;
    }
    // Someone consumed it first (or already revoked its grant): treat it as a replay.
    const [row] = await this.db
      .select({ grantId: sql<string | null>`${payloadGrantId}` })
      .from(table)
      .where(this.ofModel(eq(table.id, id)));
    const grantId = row?.grantId ?? undefined;
    if (grantId) {
      // Like oidc-provider's own reuse handling (default revokeGrantPolicy): tokens and the grant.
      await this.revokeByGrantId(grantId);
      await this.db
        .delete(table)
        .where(and(eq(table.tenantId, this.options.tenantId), eq(table.modelName, 'Grant'), eq(table.id, grantId)));
    }
    this.options.onConsumedTwice?.({ tenantId: this.options.tenantId, model: this.model, id, grantId });
    throw new errors.InvalidGrant(`${this.model} already consumed`);
  }

  async destroy(id: string): Promise<void> {
    await this.db.delete(table).where(this.ofModel(eq(table.id, id)));
  }

  /** Removes every grant-bound model's rows of this grant in this tenant, in one statement. */
  async revokeByGrantId(grantId: string): Promise<void> {
    await this.db
      .delete(table)
      .where(
        and(
          eq(table.tenantId, this.options.tenantId),
          inArray(table.modelName, grantModelNames),
          sql`${payloadGrantId} = ${grantId}`,
        ),
      );
  }
}

/** oidc-provider's `adapter` option for one tenant: `new Provider(issuer, { adapter: createAdapterFactory(…) })`. */
export function createAdapterFactory(options: AdapterFactoryOptions): AdapterFactory {
  return (model: string) =>
    model === 'Client' ? createClientAdapter(options.findClient) : new PostgresAdapter(options, model);
}
