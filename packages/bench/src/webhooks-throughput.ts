// Webhook delivery throughput: events committed through the outbox (appendHookEvent, as the
// services write them), delivered by the webhooks service running as its own process(es) to a
// receiver on loopback. Two figures: events/s for a burst queued at once, and commit → delivery
// latency (p50/p99) at a steady rate below that. Run on its own:
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node --import tsx packages/bench/src/webhooks-throughput.ts
// Settings: BENCH_WEBHOOK_EVENTS (burst size, 10000), BENCH_WEBHOOK_RATE (steady events/s, 500),
// BENCH_WEBHOOK_SECONDS (steady run, 5), BENCH_WEBHOOK_WORKERS (worker processes, 1).
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { defaultTenantId, generateId, generateSecret } from '@idp/db';
import { findFreePort } from '@idp/db/setup';
import { appendHookEvent } from '@idp/hook-events';
import { hooks } from '@idp/schemas';
import { createTestDatabase } from '@idp/test-utils';
import { log, repoRoot } from './settings.ts';

const numberFrom = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
};
const burstSize = numberFrom('BENCH_WEBHOOK_EVENTS', 10_000);
const steadyRate = numberFrom('BENCH_WEBHOOK_RATE', 500);
const steadySeconds = numberFrom('BENCH_WEBHOOK_SECONDS', 5);
const workerCount = numberFrom('BENCH_WEBHOOK_WORKERS', 1);

async function inParallel(tasks: Array<() => Promise<void>>, width: number) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < tasks.length) await tasks[next++]!();
    }),
  );
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;

async function main() {
  const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!adminUrl) throw new Error('set BENCH_DATABASE_URL to a PostgreSQL server this run may create a database on');
  const database = await createTestDatabase({ seed: true, adminUrl });
  const workers: ChildProcess[] = [];

  // The receiver: answers at once and notes when each event (by its sequence number) arrived.
  const arrivedAt = new Map<number, number>();
  let onArrival: () => void = () => {};
  const receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const now = performance.now();
      const { data } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { data: { seq: number } };
      if (!arrivedAt.has(data.seq)) arrivedAt.set(data.seq, now);
      response.writeHead(204).end();
      onArrival();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const { port } = receiver.address() as { port: number };

  try {
    await database.db.insert(hooks).values({
      tenantId: defaultTenantId,
      id: generateId(),
      name: 'bench',
      events: ['User.Created'],
      config: { url: `http://127.0.0.1:${port}/hook` },
      signingKey: generateSecret(),
    });
    const startWorkers = async () => {
      for (let index = 0; index < workerCount; index += 1) {
        const workerPort = await findFreePort();
        const child = spawn(process.execPath, ['--import', 'tsx', path.join('services', 'webhooks', 'src', 'main.ts')], {
          cwd: repoRoot,
          env: {
            ...process.env,
            DATABASE_URL: database.url,
            DATABASE_POOL_SIZE: '10',
            INTERNAL_SECRET: 'bench-secret-of-enough-length',
            PORT: String(workerPort),
            HOST: '127.0.0.1',
            LOG_LEVEL: 'warn',
            OUTBOUND_ALLOW_HOSTS: '127.0.0.1',
          },
          stdio: ['ignore', 'inherit', 'inherit'],
        });
        workers.push(child);
        for (let tries = 0; ; tries += 1) {
          const ready = await fetch(`http://127.0.0.1:${workerPort}/health/ready`).then(
            (r) => r.ok,
            () => false,
          );
          if (ready) break;
          if (tries > 300) throw new Error('the webhooks worker did not start');
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
    };
    log(`webhooks bench: ${workerCount} worker process(es), receiver on 127.0.0.1:${port}`);

    const committedAt = new Map<number, number>();
    let seq = 0;
    /** Commits `count` events in one transaction; their commit time is taken once it returns. */
    const commit = async (count: number) => {
      const first = seq;
      seq += count;
      await database.db.transaction(async (tx) => {
        for (let index = first; index < first + count; index += 1)
          await appendHookEvent(tx, defaultTenantId, 'User.Created', { data: { seq: index } });
      });
      const now = performance.now();
      for (let index = first; index < first + count; index += 1) committedAt.set(index, now);
    };
    const allArrived = (upTo: number) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${arrivedAt.size} of ${upTo} events arrived`)), 120_000);
        onArrival = () => {
          if (arrivedAt.size >= upTo) {
            clearTimeout(timer);
            resolve();
          }
        };
        onArrival();
      });

    // The ceiling: plain HTTP POSTs from this process to the same receiver (32 at a time), so the
    // figures below can be read against what this machine does right now.
    const ceilingFrom = performance.now();
    let sentPlain = 0;
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (sentPlain++ < 2_000) {
          const response = await fetch(`http://127.0.0.1:${port}/ceiling`, { method: 'POST', body: '{"data":{"seq":-1}}' });
          await response.arrayBuffer();
        }
      }),
    );
    const ceiling = Math.round(2_000 / ((performance.now() - ceilingFrom) / 1000));
    arrivedAt.delete(-1);
    log(
      `ceiling: plain fetch to the receiver ${ceiling} requests/s; load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`,
    );

    // 1. Burst: the events are queued first (no worker running), then the workers start and
    // deliver them as fast as they go: the time from the workers' start to the last arrival.
    const queuedFrom = performance.now();
    const batches = Array.from({ length: Math.ceil(burstSize / 100) }, (_, index) => Math.min(100, burstSize - index * 100));
    await inParallel(
      batches.map((count) => () => commit(count)),
      4,
    );
    log(`burst: ${burstSize} events queued in ${Math.round(performance.now() - queuedFrom)} ms (4 connections)`);
    const workersFrom = performance.now();
    await startWorkers();
    await allArrived(burstSize);
    const arrivals = [...arrivedAt.values()];
    const burstMs = Math.max(...arrivals) - workersFrom;
    const drainMs = Math.max(...arrivals) - Math.min(...arrivals);
    const throughput = Math.round((burstSize / burstMs) * 1000);
    log(
      `burst: delivered in ${Math.round(burstMs)} ms from the workers' start (${Math.round(drainMs)} ms first to last): ${throughput} events/s (${Math.round((burstSize / drainMs) * 1000)}/s once running)`,
    );

    // 2. Steady rate: small transactions every 20 ms; latency from commit to arrival.
    const steadyFrom = seq;
    const total = Math.round(steadyRate * steadySeconds);
    const perTick = Math.max(1, Math.round(steadyRate / 50));
    const started = performance.now();
    // Ticks are not waited for before the next one is due (up to 4 at once), as a service's
    // requests are not: the rate holds even when one commit is slow.
    const ticks: Array<Promise<void>> = [];
    for (let sent = 0; sent < total; sent += perTick) {
      const due = started + (sent / steadyRate) * 1000;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      while (ticks.length >= 4) await ticks.shift();
      ticks.push(commit(Math.min(perTick, total - sent)));
    }
    await Promise.all(ticks);
    const steadyMs = performance.now() - started;
    await allArrived(steadyFrom + total);
    const latencies = [];
    for (let index = steadyFrom; index < steadyFrom + total; index += 1) {
      latencies.push(Math.max(0, arrivedAt.get(index)! - committedAt.get(index)!));
    }
    latencies.sort((a, b) => a - b);
    const p50 = percentile(latencies, 50).toFixed(1);
    const p99 = percentile(latencies, 99).toFixed(1);
    log(
      `steady: ${total} events offered at ${steadyRate}/s (in ${Math.round(steadyMs)} ms): commit → delivery p50 ${p50} ms, p99 ${p99} ms, max ${latencies.at(-1)!.toFixed(1)} ms`,
    );
    console.log(
      JSON.stringify({
        burstEvents: burstSize,
        eventsPerSecond: throughput,
        plainFetchPerSecond: ceiling,
        steadyRate,
        p50Ms: Number(p50),
        p99Ms: Number(p99),
        workers: workerCount,
      }),
    );
  } finally {
    for (const worker of workers) worker.kill('SIGTERM');
    await Promise.all(
      workers.map((worker) => new Promise((resolve) => (worker.exitCode === null ? worker.once('exit', resolve) : resolve(null)))),
    );
    receiver.closeAllConnections();
    receiver.close();
    await database.drop();
  }
}

await main();
