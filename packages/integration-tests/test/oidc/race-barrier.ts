// Requests fired "in parallel" at the in-process stack do not race by themselves: the first one
// goes out on a warm keep-alive socket while the others still open connections (client → gateway
// → oidc), and it runs to completion on the shared event loop before they arrive. The late ones
// then see the code already consumed and are refused by a read, so the one statement that decides
// who wins is never contended. These helpers make the race happen and show that it did.
import diagnostics from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import pg from 'pg';

/**
 * Locks one `oidc_model_instances` row from a connection of its own: reads of the row go on, but
 * every update of it waits until `release()`. `waiting()` counts the sessions waiting for it.
 */
export async function lockModelRow(databaseUrl: string, tenantId: string, model: string, id: string) {
  const holder = new pg.Client({ connectionString: databaseUrl });
  // Another connection looks at the waiters: inside the holder's transaction the activity view
  // would be a snapshot taken once.
  const observer = new pg.Client({ connectionString: databaseUrl });
  await holder.connect();
  await observer.connect();
  const lockRow =
    'select pg_backend_pid() as pid from oidc_model_instances where tenant_id = $1 and model_name = $2 and id = $3 for update';
  await holder.query('begin');
  const locked = await holder.query<{ pid: number }>(lockRow, [tenantId, model, id]);
  const pid = locked.rows[0]?.pid;
  if (pid === undefined) {
    await Promise.all([holder.end(), observer.end()]);
    throw new Error(`no ${model} row ${id} to lock`);
  }
  let released = false;
  return {
    async waiting(): Promise<number> {
      // The first waiter waits for the holder; the next ones queue behind the first (a tuple lock).
      const { rows } = await observer.query<{ count: number }>(
        `with recursive blocked(pid) as (
          select pid from pg_stat_activity where $1 = any(pg_blocking_pids(pid))
          union
          select a.pid from pg_stat_activity a join blocked b on b.pid = any(pg_blocking_pids(a.pid))
        ) select count(*)::int as count from blocked`,
        [pid],
      );
      return rows[0]!.count;
    },
    async release(): Promise<void> {
      if (released) return;
      released = true;
      await holder.query('rollback');
      await Promise.all([holder.end(), observer.end()]);
    },
  };
}

/** Counts the requests for `path` that reached the in-process server on `port`, and its answers to them. */
export function watchServer(port: number, path: string) {
  const ours = new WeakSet<object>();
  const counts = { started: 0, finished: 0 };
  const onStart = (message: unknown) => {
    const { request } = message as { request: IncomingMessage };
    if (request.socket.localPort !== port || request.url !== path) return;
    ours.add(request);
    counts.started += 1;
  };
  const onFinish = (message: unknown) => {
    if (ours.has((message as { request: object }).request)) counts.finished += 1;
  };
  diagnostics.subscribe('http.server.request.start', onStart);
  diagnostics.subscribe('http.server.response.finish', onFinish);
  return {
    counts,
    stop() {
      diagnostics.unsubscribe('http.server.request.start', onStart);
      diagnostics.unsubscribe('http.server.response.finish', onFinish);
    },
  };
}

/** Polls `condition` until it holds; fails with `describe()` after `timeoutMs`. */
export async function waitUntil(condition: () => Promise<boolean>, describe: () => Promise<string>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting: ${await describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
