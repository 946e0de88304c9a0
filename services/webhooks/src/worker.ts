// The delivery loop: claim due deliveries while there is room, send each without waiting for the
// others, record the outcome, repeat. Room is counted per process and per hook, so a receiver
// that is slow or never answers (until the timeout) holds at most its own share of the requests.
import type { Db } from '@idp/db';
import { sendHookRequest } from '@idp/hook-events';
import type { Outbound } from '@idp/outbound';
import type { JsonObject } from '@idp/schemas';
import type { FastifyBaseLogger } from 'fastify';
import {
  claimDue,
  deleteFinishedDeliveries,
  recordAttempts,
  type AttemptOutcome,
  type ClaimedDelivery,
  type RecordedAttempt,
} from './deliveries.ts';
import { listenForDeliveries, type WakeListener } from './listener.ts';
import { isRetryableStatus, nextAttemptAt, type RetryPolicy } from './retry-policy.ts';

export type WorkerOptions = {
  db: Db;
  databaseUrl: string;
  outbound: Outbound;
  log: FastifyBaseLogger;
  retry: RetryPolicy;
  concurrency: number;
  perHookConcurrency: number;
  leaseMs: number;
  retentionMs: number;
  pollIntervalMs: number;
  timeoutMs: number;
  responseBodyLimit: number;
};

export type Worker = {
  /** Looks for due deliveries now. */
  wake(): void;
  /** Stops claiming and waits for the requests in flight to be recorded. */
  stop(): Promise<void>;
  /** Requests in flight. */
  readonly inFlight: number;
};

export function startWorker(options: WorkerOptions): Worker {
  const { db, log } = options;
  const perHook = new Map<string, number>();
  const running = new Set<Promise<void>>();
  const recording = new Set<Promise<void>>();
  let stopped = false;
  let pumping = false;
  let pumpAgain = false;

  const outcomeOf = async (delivery: ClaimedDelivery): Promise<AttemptOutcome> => {
    const body = { hookId: delivery.hookId, ...delivery.payload };
    const base: JsonObject = {
      key: `TriggerHook.${delivery.event}`,
      hookId: delivery.hookId,
      eventId: delivery.id,
      attempt: delivery.attempts,
      hookRequest: { body },
    };
    const retryOrFail = (log: JsonObject): AttemptOutcome => {
      const at = nextAttemptAt(options.retry, delivery.attempts, delivery.createdAt);
      return at ? { status: 'Pending', nextAttemptAt: at, log } : { status: 'Failed', log };
    };
    try {
      const response = await sendHookRequest(
        options.outbound,
        { url: delivery.config.url, headers: delivery.config.headers, signingKey: delivery.signingKey, body, eventId: delivery.id },
        { timeoutMs: options.timeoutMs, bodyLimit: options.responseBodyLimit },
      );
      const ok = response.status >= 200 && response.status < 300;
      const log: JsonObject = { ...base, result: ok ? 'Success' : 'Error', response: { status: response.status, body: response.body } };
      if (ok) return { status: 'Succeeded', log };
      return isRetryableStatus(response.status) ? retryOrFail(log) : { status: 'Failed', log };
    } catch (error) {
      return retryOrFail({ ...base, result: 'Error', error: (error as Error).message });
    }
  };

  // Outcomes are stored in batches: one transaction for everything that finished meanwhile, so
  // the database round trips do not grow with the number of requests.
  const pending: Array<{ attempt: RecordedAttempt; done: () => void }> = [];
  let flushing = false;
  const flush = async () => {
    if (flushing) return;
    flushing = true;
    while (pending.length > 0) {
      const batch = pending.splice(0, 500);
      try {
        const stored = await recordAttempts(
          db,
          batch.map(({ attempt }) => attempt),
        );
        if (stored.size < batch.length) {
          log.warn({ lost: batch.length - stored.size }, 'delivery outcomes not recorded: their lease had passed to another worker');
        }
      } catch (error) {
        // The leases run out and the deliveries are tried again; receivers de-duplicate on the event id.
        log.error({ err: error }, 'recording webhook deliveries failed');
      }
      for (const { done } of batch) done();
    }
    flushing = false;
  };
  const record = (attempt: RecordedAttempt) =>
    new Promise<void>((done) => {
      pending.push({ attempt, done });
      void flush();
    });

  // The request's slot is free once the answer is in; its outcome is stored with the next batch.
  const deliver = async (delivery: ClaimedDelivery) => {
    const outcome = await outcomeOf(delivery);
    const stored = record({ delivery, outcome });
    recording.add(stored);
    void stored.finally(() => recording.delete(stored));
  };

  const start = (delivery: ClaimedDelivery) => {
    perHook.set(delivery.hookId, (perHook.get(delivery.hookId) ?? 0) + 1);
    const task = deliver(delivery).finally(() => {
      const left = (perHook.get(delivery.hookId) ?? 1) - 1;
      if (left === 0) perHook.delete(delivery.hookId);
      else perHook.set(delivery.hookId, left);
      running.delete(task);
      pump();
    });
    running.add(task);
  };

  const pumpOnce = async () => {
    while (!stopped) {
      const free = options.concurrency - running.size;
      if (free <= 0) return;
      const busy = [...perHook].filter(([, count]) => count >= options.perHookConcurrency).map(([hookId]) => hookId);
      // A batch is at most one hook's share, so one claim cannot give a single hook more than
      // twice its share however many of its events are due.
      const limit = Math.min(free, options.perHookConcurrency);
      const claimed = await claimDue(db, limit, options.leaseMs, busy);
      for (const delivery of claimed) start(delivery);
      if (claimed.length < limit) return;
    }
  };

  function pump() {
    if (stopped) return;
    if (pumping) {
      pumpAgain = true;
      return;
    }
    pumping = true;
    pumpOnce()
      .catch((error: unknown) => log.error({ err: error }, 'claiming webhook deliveries failed'))
      .finally(() => {
        pumping = false;
        if (pumpAgain) {
          pumpAgain = false;
          pump();
        }
      });
  }

  const listener: WakeListener = listenForDeliveries(options.databaseUrl, pump, (error) =>
    log.warn({ err: error }, 'webhook notification listener'),
  );
  const poll = setInterval(pump, options.pollIntervalMs);
  // Every replica sweeps; the sweeps are small and harmless when they overlap.
  const sweep = setInterval(() => {
    deleteFinishedDeliveries(db, options.retentionMs).catch((error: unknown) => log.warn({ err: error }, 'sweeping old deliveries failed'));
  }, 600_000);
  sweep.unref();
  pump();

  return {
    wake: pump,
    get inFlight() {
      return running.size;
    },
    async stop() {
      stopped = true;
      clearInterval(poll);
      clearInterval(sweep);
      await listener.close();
      await Promise.allSettled([...running]);
      await Promise.allSettled([...recording]);
    },
  };
}
