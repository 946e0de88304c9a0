// A drizzle handle over a test database's pool that records the name (or text) of every statement
// sent through it, to show which statements a batch became.
import type { Db } from '@idp/db';
import * as schema from '@idp/schemas';
import { drizzle } from 'drizzle-orm/node-postgres';
import type { TestDatabase } from '@idp/test-utils';

export function recordingDb(pool: TestDatabase['pool']): { db: Db; sent: string[] } {
  const sent: string[] = [];
  const recording = new Proxy(pool, {
    get(target, property, receiver) {
      if (property !== 'query') return Reflect.get(target, property, receiver);
      return (config: string | { name?: string; text: string }, values?: unknown[]) => {
        sent.push(typeof config === 'string' ? config : (config.name ?? config.text));
        return (target.query as (...args: unknown[]) => unknown)(config, values);
      };
    },
  });
  return { db: drizzle(recording, { schema }), sent };
}
