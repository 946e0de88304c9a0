import * as schema from '@idp/schemas';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';

export type Db = NodePgDatabase<typeof schema>;

export type Database = {
  db: Db;
  pool: pg.Pool;
  /** Cheap round trip, for readiness checks; rejects after `timeoutMs` however the server behaves. */
  ping(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
};

/**
 * Bounds on every wait for the database. A server that is down refuses at once, but one that is
 * frozen (stopped, swapping, a network partition) never answers: without these a request, and the
 * pool connection it holds, waits as long as the freeze lasts.
 */
export type DatabaseTimeouts = {
  /** Waiting for a pooled connection, opening one included (ms). */
  connectTimeoutMs?: number;
  /**
   * A statement's longest run (ms). The server cancels it (`statement_timeout`); when the server
   * itself does not answer, the client gives up a second later and drops the connection.
   */
  statementTimeoutMs?: number;
  /** A transaction left open without a statement is ended by the server after this long (ms). */
  idleInTransactionTimeoutMs?: number;
};

export const defaultDatabaseTimeouts: Required<DatabaseTimeouts> = {
  connectTimeoutMs: 5_000,
  statementTimeoutMs: 15_000,
  idleInTransactionTimeoutMs: 15_000,
};

const clientGraceMs = 1_000;
const defaultPingTimeoutMs = 1_500;

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`${what} timed out after ${ms} ms`), { code: 'ETIMEDOUT' })), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function createDatabase(url: string, options: { max?: number } & DatabaseTimeouts = {}): Database {
  const connectTimeoutMs = options.connectTimeoutMs ?? defaultDatabaseTimeouts.connectTimeoutMs;
  const statementTimeoutMs = options.statementTimeoutMs ?? defaultDatabaseTimeouts.statementTimeoutMs;
  const idleInTransactionTimeoutMs = options.idleInTransactionTimeoutMs ?? defaultDatabaseTimeouts.idleInTransactionTimeoutMs;
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    connectionTimeoutMillis: connectTimeoutMs,
    statement_timeout: statementTimeoutMs,
    query_timeout: statementTimeoutMs + clientGraceMs,
    idle_in_transaction_session_timeout: idleInTransactionTimeoutMs,
    // A peer that vanished without closing the connection is noticed by the kernel.
    keepAlive: true,
  });
  // Without a listener, an idle client's error (e.g. the server restarting) crashes the process.
  // The pool drops that client and the next query opens a fresh connection.
  pool.on('error', () => {});
  return {
    db: drizzle(pool, { schema }),
    pool,
    async ping(timeoutMs = defaultPingTimeoutMs) {
      await withTimeout(pool.query('select 1'), timeoutMs, 'database ping');
    },
    async close() {
      await pool.end();
    },
  };
}
