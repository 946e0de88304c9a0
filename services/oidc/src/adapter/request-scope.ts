// What the adapter remembers for the length of one oidc-provider request (its Koa context is the
// key): rows it read together in one statement that oidc-provider then asks for one by one (a token,
// its grant, the user it names), and the tokens the request issued, written together when the
// request is done instead of one statement each. Outside a request nothing is kept: every call
// goes to the database as it comes.
import type { AdapterPayload } from 'oidc-provider';
import type { ClaimsUser } from '../queries/users.ts';

export type PendingWrite = {
  model: string;
  id: string;
  payload: AdapterPayload;
  expiresIn: number | undefined;
};

export type WriteBatch = (tenantId: string, writes: PendingWrite[]) => Promise<void>;

export class RequestScope {
  /** Rows read ahead, by `model id`; undefined once known not to exist. */
  readonly found = new Map<string, Promise<AdapterPayload | undefined>>();
  /** Users read ahead with a token, by id. */
  readonly accounts = new Map<string, Promise<ClaimsUser | undefined>>();
  /** Tokens saved during the request and not written yet, by `model id` (the last save wins). */
  readonly pending = new Map<string, PendingWrite>();
  private writer: { tenantId: string; write: WriteBatch } | undefined;

  defer(tenantId: string, write: WriteBatch, entry: PendingWrite): void {
    this.writer = { tenantId, write };
    this.pending.set(`${entry.model} ${entry.id}`, entry);
  }

  /** Writes what is pending, in one statement. */
  async flush(): Promise<void> {
    if (this.pending.size === 0 || !this.writer) return;
    const writes = [...this.pending.values()];
    this.pending.clear();
    await this.writer.write(this.writer.tenantId, writes);
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

/** Writes the tokens the request `ctx` issued; call once its response is ready, before it is sent. */
export async function flushRequestWrites(ctx: object): Promise<void> {
  await scopes.get(ctx)?.flush();
}
