// Wakes the worker when an event is committed (appendHookEvent's NOTIFY), on one dedicated
// connection that is reopened after a loss. Polling covers what a lost connection misses.
import { hookDeliveriesChannel } from '@idp/hook-events';
import pg from 'pg';

export type WakeListener = { close(): Promise<void> };

export function listenForDeliveries(url: string, onWake: () => void, onError: (error: Error) => void): WakeListener {
  let closed = false;
  let client: pg.Client | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  const connect = async () => {
    const candidate = new pg.Client({ connectionString: url, keepAlive: true });
    candidate.on('error', (error) => {
      onError(error);
      if (client === candidate) reconnect();
    });
    candidate.on('notification', (message) => {
      if (message.channel === hookDeliveriesChannel) onWake();
    });
    try {
      await candidate.connect();
      await candidate.query(`LISTEN ${hookDeliveriesChannel}`);
    } catch (error) {
      onError(error as Error);
      await candidate.end().catch(() => {});
      return reconnect();
    }
    if (closed) return void (await candidate.end().catch(() => {}));
    client = candidate;
    // Whatever was committed while not listening is due now.
    onWake();
  };
  const reconnect = () => {
    client = undefined;
    if (closed || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void connect();
    }, 500);
  };
  void connect();
  return {
    async close() {
      closed = true;
      clearTimeout(retryTimer);
      await client?.end().catch(() => {});
    },
  };
}
