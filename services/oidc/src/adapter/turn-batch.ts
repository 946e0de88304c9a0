// Work asked for in one turn of the event loop, sent to PostgreSQL together after it.
//
// On our hosts waking another process is dear (the socket write that wakes PostgreSQL was 14–30 % of
// the oidc service's profile on the token paths), and each statement is also a transaction of its
// own on the server. Under load several requests reach the same statement in one turn; sending
// their work as one statement pays those costs once. A turn with a single item sends the
// single-item statement, so a quiet server behaves exactly as without batching.

export type TurnBatchSender<Item> = {
  /** Sends one item alone; settles the item itself. */
  one(item: Item): void;
  /** Sends several items as one statement and settles them; rejects, having settled none, if it failed. */
  many(items: Item[]): Promise<void>;
  /** Items per statement: bounds one statement's work and its parameters' size. */
  maxBatch: number;
};

/** Returns `add`: queues an item for the end of the current turn. */
export function createTurnBatch<Item>(sender: TurnBatchSender<Item>): (item: Item) => void {
  let waiting: Item[] = [];
  const send = () => {
    const all = waiting;
    waiting = [];
    for (let start = 0; start < all.length; start += sender.maxBatch) {
      const batch = all.slice(start, start + sender.maxBatch);
      if (batch.length === 1) {
        sender.one(batch[0]!);
        continue;
      }
      // Nothing of a failed statement was applied: each item is then sent alone, so one item the
      // server refuses (a NUL character in a token, two requests saving the same row) fails only
      // its own request, not the requests it happened to share a statement with.
      sender.many(batch).catch(() => {
        for (const item of batch) sender.one(item);
      });
    }
  };
  return (item) => {
    // After the current turn's I/O callbacks: every request read in it has asked by then.
    if (waiting.length === 0) setImmediate(send);
    waiting.push(item);
  };
}

/** One batch per key (a database pool), made on first use. */
export function perKey<Key extends object, Value>(make: (key: Key) => Value): (key: Key) => Value {
  const made = new WeakMap<Key, Value>();
  return (key) => {
    let value = made.get(key);
    if (value === undefined) {
      value = make(key);
      made.set(key, value);
    }
    return value;
  };
}
