import pg from 'pg';

// Services cache per-tenant data (clients, keys, resources, …) and drop it when it changes. The
// migration `change_notifications` makes PostgreSQL send NOTIFY on channel `idp_changes` for every
// row written to those tables; this listens on one dedicated connection, across database restarts.

export const changesChannel = 'idp_changes';

/** A row that changed; `'*'` everywhere means "anything may have changed: drop every cache". */
export type Change = { table: string; tenantId: string; id: string };

export const everythingChanged: Readonly<Change> = Object.freeze({ table: '*', tenantId: '*', id: '*' });

export type ChangeListenerOptions = {
  /** Connection errors, unreadable payloads, and errors thrown by `onChange`. Never fatal. */
  onError?: (error: Error) => void;
  /** Delay before the first reconnection attempt (ms, default 100), doubled up to `maxRetryDelayMs`. */
  minRetryDelayMs?: number;
  /** Longest delay between reconnection attempts (ms, default 5000). */
  maxRetryDelayMs?: number;
  /** How long sync() waits for the database before it gives up (ms, default 2000). */
  syncTimeoutMs?: number;
};

export type ChangeListener = {
  /**
   * Resolves once every change committed before the call has been passed to `onChange`, so a cache
   * dropped on change can be trusted for a read that must see writes other processes have already
   * committed (read-your-writes across services). Concurrent calls share round trips. Rejects while
   * the listener is not connected or the database does not answer within `syncTimeoutMs`: a caller
   * should then read from the database instead of its cache.
   */
  sync(): Promise<void>;
  close(): Promise<void>;
};

function parseChange(payload: string | undefined): Change {
  const value: unknown = JSON.parse(payload ?? '');
  if (typeof value === 'object' && value !== null) {
    const { table, tenantId, id } = value as Record<string, unknown>;
    if (typeof table === 'string' && typeof tenantId === 'string' && typeof id === 'string') {
      return { table, tenantId, id };
    }
  }
  throw new Error('not a {table, tenantId, id} object');
}

/**
 * Calls `onChange` for every change notification. Resolves once listening (rejects if the first
 * connection fails); afterwards a lost connection is re-established with backoff, and once it is,
 * `onChange(everythingChanged)` is called because notifications sent meanwhile are lost.
 */
export async function listenForChanges(
  url: string,
  onChange: (change: Change) => void,
  options: ChangeListenerOptions = {},
): Promise<ChangeListener> {
  const minDelay = options.minRetryDelayMs ?? 100;
  const maxDelay = options.maxRetryDelayMs ?? 5000;
  const reportError = (error: unknown) => {
    try {
      options.onError?.(error instanceof Error ? error : new Error(String(error)));
    } catch {
      // An error handler that throws must not take the listener (or the process) down.
    }
  };
  const deliver = (change: Change) => {
    try {
      onChange(change);
    } catch (error) {
      reportError(error);
    }
  };

  let closed = false;
  let client: pg.Client | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let delay = minDelay;

  // Opens a connection and runs LISTEN; on any failure the connection is closed and the error thrown.
  async function connect(): Promise<pg.Client> {
    const candidate = new pg.Client({
      connectionString: url,
      application_name: 'idp-change-listener',
      // Notices a connection that died without a word (a network partition, a killed host).
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
    let lost = false;
    const onLost = (error?: Error) => {
      if (lost) return;
      lost = true;
      if (error) reportError(error);
      candidate.end().catch(() => {});
      if (client === candidate) {
        client = undefined;
        if (!closed) scheduleReconnect();
      }
    };
    // Without an 'error' listener, a connection error would crash the process.
    candidate.on('error', (error) => onLost(error));
    candidate.on('end', () => onLost(closed ? undefined : new Error('change listener connection ended')));
    candidate.on('notification', (message) => {
      if (message.channel !== changesChannel) return;
      let change: Change;
      try {
        change = parseChange(message.payload);
      } catch (error) {
        reportError(new Error(`unreadable ${changesChannel} payload ${JSON.stringify(message.payload)}: ${(error as Error).message}`));
        return;
      }
      deliver(change);
    });
    try {
      await candidate.connect();
      await candidate.query(`LISTEN ${changesChannel}`);
    } catch (error) {
      lost = true;
      await candidate.end().catch(() => {});
      throw error;
    }
    if (lost) {
      throw new Error('change listener connection lost while connecting');
    }
    return candidate;
  }

  function scheduleReconnect() {
    if (closed || retryTimer) return;
    retryTimer = setTimeout(
      () => {
        retryTimer = undefined;
        void reconnect();
      },
      delay * (0.8 + Math.random() * 0.2),
    ); // replicas reconnecting after a restart spread out a little
    // A pending reconnection alone does not keep the process alive.
    retryTimer.unref();
    delay = Math.min(delay * 2, maxDelay);
  }

  async function reconnect() {
    if (closed) return;
    let candidate: pg.Client;
    try {
      candidate = await connect();
    } catch (error) {
      reportError(error);
      scheduleReconnect();
      return;
    }
    if (closed) {
      await candidate.end().catch(() => {});
      return;
    }
    client = candidate;
    delay = minDelay;
    deliver({ ...everythingChanged });
  }

  // sync(): one round trip on the listening connection. PostgreSQL signals listening backends while
  // a notifying transaction commits, before its own client hears of the commit, and a backend sends
  // the notifications it has pending before it answers a query. So once a statement sent after the
  // call is answered, every notification of a transaction committed before the call has arrived
  // (node-postgres emits them in the order they come, ahead of the answer). The statement is a
  // repeated LISTEN: a no-op, and the connection keeps showing what it is for.
  const syncTimeoutMs = options.syncTimeoutMs ?? 2000;
  let running: Promise<void> | undefined;
  let queued: Promise<void> | undefined;
  const noop = () => {};

  function roundTrip(): Promise<void> {
    const current = client;
    if (closed || !current) return Promise.reject(new Error('change listener is not connected'));
    let timer: NodeJS.Timeout | undefined;
    const trip = Promise.race([
      current.query(`LISTEN ${changesChannel}`).then(noop),
      new Promise<void>((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error('change listener sync timed out')), syncTimeoutMs);
        timer.unref();
      }),
    ]).finally(() => clearTimeout(timer));
    running = trip;
    const done = () => {
      if (running === trip) running = undefined;
    };
    trip.then(done, done);
    return trip;
  }

  function sync(): Promise<void> {
    if (queued) return queued;
    if (!running) return roundTrip();
    // A round trip already under way may have been sent before this call: the next one is needed.
    queued = running.then(noop, noop).then(() => {
      queued = undefined;
      return roundTrip();
    });
    return queued;
  }

  client = await connect();

  return {
    sync,
    async close() {
      if (closed) return;
      closed = true;
      clearTimeout(retryTimer);
      retryTimer = undefined;
      const current = client;
      client = undefined;
      await current?.end().catch(() => {});
    },
  };
}

/**
 * Whether a cache dropped on change may serve now: true once `sync` (a listener's barrier, or
 * undefined while there is no listener) has resolved; false when there is none or it failed, and
 * the caller should read from the database.
 */
export async function caughtUp(sync: () => Promise<void> | undefined): Promise<boolean> {
  try {
    const synced = sync();
    if (!synced) return false;
    await synced;
    return true;
  } catch {
    return false;
  }
}
