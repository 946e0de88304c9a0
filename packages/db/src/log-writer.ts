// The audit log as the busy paths write it (sign-in steps, token exchanges): entries are queued and
// written together, one multi-row INSERT per batch, instead of one statement per request. What is
// queued when the process dies unannounced (at most `flushMs` of entries) is lost; a graceful stop
// writes the rest first (`close`). A failed write is reported, never thrown at the request.
import { logs, type LogPayload } from '@idp/schemas';
import type { Db } from './database.ts';
import { generateId } from './ids.ts';

export type LogEntry = { tenantId: string; key: string; payload: LogPayload };

export type LogWriter = {
  /** Queues one entry; the key is repeated in the payload, as Logto's log context does. */
  write(entry: LogEntry): void;
  /** Writes what is queued now; resolves once it is stored (or the write failed and was reported). */
  flush(): Promise<void>;
  /** Stops the timer and writes what is left. */
  close(): Promise<void>;
};

export type LogWriterOptions = {
  flushMs?: number;
  maxBatch?: number;
  onError?: (error: unknown) => void;
};

export function createLogWriter(db: Db, { flushMs = 200, maxBatch = 500, onError = () => {} }: LogWriterOptions = {}): LogWriter {
  let queue: Array<typeof logs.$inferInsert> = [];
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();

  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (queue.length === 0) return writing;
    const batch = queue;
    queue = [];
    // Batches go one after another, so entries are stored in the order they were written.
    writing = writing.then(async () => {
      try {
        await db.insert(logs).values(batch);
      } catch (error) {
        onError(error);
      }
    });
    return writing;
  };

  return {
    write({ tenantId, key, payload }) {
      queue.push({ tenantId, id: generateId(), key, payload: { result: 'Success', ...payload, key }, createdAt: new Date() });
      if (queue.length >= maxBatch) void flush();
      else timer ??= setTimeout(() => void flush(), flushMs).unref();
    },
    flush,
    close: flush,
  };
}
