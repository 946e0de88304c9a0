// What the adapter remembers for the length of one oidc-provider request (its Koa context is the
// key): rows it read together in one statement that oidc-provider then asks for one by one (a token,
// its grant, the user it names), and the writes the request makes to tokens, codes and the session.
// Those are held until the request's answer is ready and then sent as one statement: the
// consumption of the code or refresh token being redeemed, which still decides alone who wins a
// race, together with what was issued for it, written only if it did. Outside a request nothing is
// kept: every call goes to the database as it comes.
import type { AdapterPayload } from 'oidc-provider';
import type { ClaimsUser, ClaimsUserJson } from '../queries/users.ts';

export type LookupRow = { model: string; payload: AdapterPayload; grant: AdapterPayload | null; account: ClaimsUserJson | null };
/** One token lookup statement, sent a tick after the first model asked, for all models asked by then. */
export type TokenLookup = { models: string[]; started: boolean; rows: Promise<LookupRow[]> };

export type PendingWrite = {
  model: string;
  id: string;
  payload: AdapterPayload;
  expiresIn: number | undefined;
};

export type PendingConsume = { model: string; id: string };

/** Where a scope's held writes go; `flush` resolves false when the consumption lost its race. */
export type ScopeStore = {
  flush(writes: PendingWrite[], consume: PendingConsume | undefined): Promise<boolean>;
  /** Called after a lost consumption; throws the error the request answers with. */
  consumedTwice(consume: PendingConsume): Promise<never>;
};

export const scopeKey = (model: string, id: string) => `${model} ${id}`;

export class RequestScope {
  /** Rows read ahead, by `model id`; undefined once known not to exist. */
  readonly found = new Map<string, Promise<AdapterPayload | undefined>>();
  /** Token lookups not sent yet, by value (see the adapter's find). */
  readonly lookups = new Map<string, TokenLookup>();
  /** Users read ahead with a token, by id. */
  readonly accounts = new Map<string, Promise<ClaimsUser | undefined>>();
  /** Saves not written yet, by `model id` (the last save wins). */
  readonly pending = new Map<string, PendingWrite>();
  consuming: PendingConsume | undefined;
  private store: ScopeStore | undefined;

  /** Whether something is held for `model id` (or at all, without arguments). */
  holds(model?: string, id?: string): boolean {
    if (model === undefined || id === undefined) return this.pending.size > 0 || this.consuming !== undefined;
    return this.pending.has(scopeKey(model, id)) || (this.consuming?.model === model && this.consuming.id === id);
  }

  hold(store: ScopeStore, write: PendingWrite): void {
    this.store = store;
    this.pending.set(scopeKey(write.model, write.id), write);
  }

  holdConsume(store: ScopeStore, consume: PendingConsume): void {
    this.store = store;
    this.consuming = consume;
  }

  /** Sends what is held, in one statement; throws InvalidGrant when the consumption lost. */
  async flush(): Promise<void> {
    const { store, consuming } = this;
    if (!store || !this.holds()) return;
    const writes = [...this.pending.values()];
    this.pending.clear();
    this.consuming = undefined;
    const won = await store.flush(writes, consuming);
    if (!won && consuming) {
      await store.consumedTwice(consuming);
    }
  }
}

const scopes = new WeakMap<object, RequestScope>();

/** The scope of the request `ctx`, created on first use. */
export function requestScope(ctx: object): RequestScope {
  let scope = scopes.get(ctx);
  if (!scope) {
    scope = new RequestScope();
    scopes.set(ctx, scope);
  }
  return scope;
}

/**
 * Sends what the request `ctx` held back; call once its answer is ready, before it is sent. Throws
 * oidc-provider's InvalidGrant when the code or refresh token it redeemed was consumed by another
 * request meanwhile (nothing it issued was stored then).
 */
export async function flushRequestWrites(ctx: object): Promise<void> {
  await scopes.get(ctx)?.flush();
}
