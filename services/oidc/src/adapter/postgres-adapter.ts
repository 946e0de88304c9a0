// oidc-provider keeps its state (sessions, interactions, grants, codes, tokens) through an adapter.
// This one stores it in `oidc_model_instances`, one tenant per factory, so any replica can serve any
// step of a login, and lets the database decide one-time use: of ten parallel redemptions of one
// authorization code (or two parallel refreshes of one refresh token) exactly one wins, and the
// losers revoke the grant, as oidc-provider itself does when it sees a reused code.
//
// The token paths are kept to few round trips, each a single statement (no transaction) prepared
// once per connection: looking a token up also reads its grant and its user (oidc-provider asks for
// them next), and the tokens a request issues are written together once its response is ready (see
// request-scope.ts). Concurrent requests' lookups, and their writes, go to the database together
// (lookup-batch.ts, write-batch.ts). Outside an oidc-provider request every call is one plain statement.
import type { Db } from '@idp/db';
import Provider, { errors, type Adapter, type AdapterFactory, type AdapterPayload } from 'oidc-provider';

import { runPrepared, type PreparedStatement } from '../queries/prepared.ts';
import { toClaimsUser } from '../queries/users.ts';
import { createClientAdapter, type FindClient } from './client-adapter.ts';
import { findTokenWithGrant, storedPayload } from './lookup-batch.ts';
import { commitHeld, writeStatements } from './write-batch.ts';
import {
  requestScope,
  scopeKey,
  type LookupRow,
  type PendingConsume,
  type TokenLookup,
  type PendingWrite,
  type RequestScope,
  type ScopeStore,
} from './request-scope.ts';

export { deleteExpired } from './delete-expired.ts';
export type { FindClient } from './client-adapter.ts';
export { flushRequestWrites } from './request-scope.ts';

/** The models oidc-provider ties to a grant; revoking a grant removes their rows. */
export const grantModelNames = [
  'AccessToken',
  'AuthorizationCode',
  'RefreshToken',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
  'PreAuthorizedCode',
];

const tokenModels = ['AccessToken', 'ClientCredentials', 'RefreshToken'];
/** Models whose lookup also reads the grant and the user they name. */
const readAhead = new Set([...tokenModels, 'AuthorizationCode']);
/**
 * Models whose saves and consumption an oidc-provider request holds back until its answer is ready
 * (see request-scope.ts): the tokens and codes it issues and redeems, and the browser's session,
 * which the authorization endpoint saves beside the code it issues (one statement for both).
 */
const deferredModels = new Set([...tokenModels, 'AuthorizationCode', 'Session']);

/** How long an expired device code stays readable (see upsert). */
const expiredDeviceCodeKeptSeconds = 10 * 60;

export type ConsumedTwiceEvent = { tenantId: string; model: string; id: string; grantId?: string };

export type AdapterFactoryOptions = {
  db: Db;
  tenantId: string;
  /** Answers oidc-provider's `Client` lookups (clients live in `applications`, not here). */
  findClient?: FindClient;
  /** Told after a second consume() was refused and its grant revoked (audit, metrics). Must not throw. */
  onConsumedTwice?: (event: ConsumedTwiceEvent) => void;
};

// Written exactly as the indexes' expressions (payload->>'uid', payload->>'grantId'), so the planner
// can use them.
export const adapterStatements = {
  find: {
    name: 'oidc_adapter_find',
    text: `select ${storedPayload('t')} as payload from oidc_model_instances t
      where t.tenant_id = $1 and t.model_name = $2 and t.id = $3 and t.expires_at > now()`,
  },
  findByUid: {
    name: 'oidc_adapter_find_by_uid',
    text: `select ${storedPayload('t')} as payload from oidc_model_instances t
      where t.tenant_id = $1 and t.model_name = $2 and (t.payload->>'uid') = $3 and t.expires_at > now() limit 1`,
  },
  findByUserCode: {
    name: 'oidc_adapter_find_by_user_code',
    text: `select ${storedPayload('t')} as payload from oidc_model_instances t
      where t.tenant_id = $1 and t.model_name = $2 and (t.payload->>'userCode') = $3 and t.expires_at > now() limit 1`,
  },
  // The one statement that decides: only the request that flips consumed_at from null wins.
  consume: {
    name: 'oidc_adapter_consume',
    text: `update oidc_model_instances set consumed_at = now()
      where tenant_id = $1 and model_name = $2 and id = $3 and consumed_at is null returning id`,
  },
  grantIdOf: {
    name: 'oidc_adapter_grant_id_of',
    text: `select (payload->>'grantId') as grant_id from oidc_model_instances where tenant_id = $1 and model_name = $2 and id = $3`,
  },
  destroy: {
    name: 'oidc_adapter_destroy',
    text: 'delete from oidc_model_instances where tenant_id = $1 and model_name = $2 and id = $3',
  },
  revokeByGrantId: {
    name: 'oidc_adapter_revoke_by_grant_id',
    text: `delete from oidc_model_instances
      where tenant_id = $1 and model_name = any($2::varchar[]) and (payload->>'grantId') = $3`,
  },
} as const;

/** The models of one token lookup as the lookup statement's three parameters: groups of three, the last repeated. */
export function tokenLookupModels(models: readonly string[]): [string, string, string][] {
  const groups: [string, string, string][] = [];
  for (let start = 0; start < models.length; start += 3) {
    const [first, second = first, third = second] = models.slice(start, start + 3) as [string, string?, string?];
    groups.push([first, second, third]);
  }
  return groups;
}

class PostgresAdapter implements Adapter {
  constructor(
    private readonly options: AdapterFactoryOptions,
    private readonly model: string,
  ) {}

  private get tenantId(): string {
    return this.options.tenantId;
  }

  private query<Row>(statement: PreparedStatement, values: unknown[]) {
    return runPrepared<Row>(this.options.db, statement, values);
  }

  /** The current oidc-provider request's scope, if the call comes from one. */
  private scope(): RequestScope | undefined {
    const ctx = Provider.ctx;
    return ctx ? requestScope(ctx) : undefined;
  }

  /** Sends what the request held back so far, before anything that must see it (or be seen after it). */
  private async settle(scope: RequestScope | undefined): Promise<void> {
    if (scope?.holds()) await scope.flush();
  }

  private readonly store: ScopeStore = {
    flush: (writes, consume) => commitHeld(this.options.db, this.tenantId, writes, consume),
    consumedTwice: (consume) => this.consumedTwice(consume),
  };

  private async write(writes: PendingWrite[]): Promise<void> {
    await this.query(writeStatements.upsert, [
      this.tenantId,
      writes.map((write) => write.model),
      writes.map((write) => write.id),
      writes.map((write) => JSON.stringify(write.payload)),
      writes.map((write) => (typeof write.expiresIn === 'number' ? write.expiresIn : null)),
    ]);
  }

  async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    // A device code's row outlives the code (whose expiry oidc-provider reads from the payload) for
    // a while, so a device still polling hears expired_token and a late visitor "the code has
    // expired" rather than that no such code exists.
    const kept = this.model === 'DeviceCode' && typeof expiresIn === 'number' ? expiresIn + expiredDeviceCodeKeptSeconds : expiresIn;
    const write = { model: this.model, id, payload, expiresIn: kept };
    const scope = this.scope();
    if (scope) {
      scope.found.delete(scopeKey(this.model, id));
      if (deferredModels.has(this.model) && !(scope.consuming?.model === this.model && scope.consuming.id === id)) {
        scope.hold(this.store, write);
        return;
      }
      await this.settle(scope);
    }
    await this.write([write]);
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    const scope = this.scope();
    if (!scope) {
      return this.findOne(id);
    }
    const key = scopeKey(this.model, id);
    if (scope.holds(this.model, id)) await this.settle(scope);
    const known = scope.found.get(key);
    if (known) return known;
    if (!readAhead.has(this.model)) {
      const found = this.findOne(id);
      scope.found.set(key, found);
      return found;
    }
    // A token or code: read with its grant and its user, in one statement shared by every model
    // asked for this value in the same tick (introspection asks for three token models at once).
    let lookup = scope.lookups.get(id);
    if (!lookup || lookup.started) {
      lookup = this.startLookup(scope, id);
    }
    lookup.models.push(this.model);
    const model = this.model;
    const payload = lookup.rows.then((found) => found.find((row) => row.model === model)?.payload);
    scope.found.set(key, payload);
    return payload;
  }

  private startLookup(scope: RequestScope, id: string): TokenLookup {
    const lookup: TokenLookup = { models: [], started: false, rows: undefined as unknown as Promise<LookupRow[]> };
    lookup.rows = Promise.resolve().then(async () => {
      lookup.started = true;
      if (scope.lookups.get(id) === lookup) scope.lookups.delete(id);
      const answers = await Promise.all(
        tokenLookupModels(lookup.models).map((models) => findTokenWithGrant(this.options.db, this.tenantId, id, models)),
      );
      const rows = answers.flat();
      // The grant and the user are remembered for the lookups oidc-provider makes next.
      for (const row of rows) {
        const { grantId, accountId } = row.payload as { grantId?: unknown; accountId?: unknown };
        if (typeof grantId === 'string' && !scope.found.has(scopeKey('Grant', grantId))) {
          scope.found.set(scopeKey('Grant', grantId), Promise.resolve(row.grant ?? undefined));
        }
        if (typeof accountId === 'string' && !scope.accounts.has(accountId)) {
          scope.accounts.set(accountId, Promise.resolve(toClaimsUser(row.account)));
        }
      }
      return rows;
    });
    scope.lookups.set(id, lookup);
    return lookup;
  }

  private async findOne(id: string): Promise<AdapterPayload | undefined> {
    const { rows } = await this.query<{ payload: AdapterPayload }>(adapterStatements.find, [this.tenantId, this.model, id]);
    return rows[0]?.payload;
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    await this.settle(this.scope());
    const { rows } = await this.query<{ payload: AdapterPayload }>(adapterStatements.findByUid, [this.tenantId, this.model, uid]);
    return rows[0]?.payload;
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    await this.settle(this.scope());
    const { rows } = await this.query<{ payload: AdapterPayload }>(adapterStatements.findByUserCode, [this.tenantId, this.model, userCode]);
    return rows[0]?.payload;
  }

  async consume(id: string): Promise<void> {
    const scope = this.scope();
    if (scope && deferredModels.has(this.model)) {
      // Decided when the request's answer is ready, in the statement that writes what it issued.
      await this.settle(scope);
      scope.found.delete(scopeKey(this.model, id));
      scope.holdConsume(this.store, { model: this.model, id });
      return;
    }
    await this.settle(scope);
    scope?.found.delete(scopeKey(this.model, id));
    const won = await this.query(adapterStatements.consume, [this.tenantId, this.model, id]);
    if ((won.rowCount ?? 0) === 0) {
      await this.consumedTwice({ model: this.model, id });
    }
  }

  /** Someone consumed it first (or already revoked its grant): a replay, which revokes the grant. */
  private async consumedTwice({ model, id }: PendingConsume): Promise<never> {
    const { rows } = await this.query<{ grant_id: string | null }>(adapterStatements.grantIdOf, [this.tenantId, model, id]);
    const grantId = rows[0]?.grant_id ?? undefined;
    if (grantId) {
      // Like oidc-provider's own reuse handling (default revokeGrantPolicy): tokens and the grant.
      await this.query(adapterStatements.revokeByGrantId, [this.tenantId, grantModelNames, grantId]);
      await this.query(adapterStatements.destroy, [this.tenantId, 'Grant', grantId]);
    }
    this.options.onConsumedTwice?.({ tenantId: this.tenantId, model, id, grantId });
    throw new errors.InvalidGrant(`${model} already consumed`);
  }

  async destroy(id: string): Promise<void> {
    const scope = this.scope();
    await this.settle(scope);
    scope?.found.delete(scopeKey(this.model, id));
    await this.query(adapterStatements.destroy, [this.tenantId, this.model, id]);
  }

  /** Removes every grant-bound model's rows of this grant in this tenant, in one statement. */
  async revokeByGrantId(grantId: string): Promise<void> {
    const scope = this.scope();
    await this.settle(scope);
    scope?.found.clear();
    await this.query(adapterStatements.revokeByGrantId, [this.tenantId, grantModelNames, grantId]);
  }
}

/** oidc-provider's `adapter` option for one tenant: `new Provider(issuer, { adapter: createAdapterFactory(…) })`. */
export function createAdapterFactory(options: AdapterFactoryOptions): AdapterFactory {
  return (model: string) => (model === 'Client' ? createClientAdapter(options.findClient) : new PostgresAdapter(options, model));
}
