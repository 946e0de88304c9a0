// The `webhooks` row: runs webhooks-throughput.ts in a process of its own against the stack's
// PostgreSQL server (it makes and drops a database of its own there, with its own webhooks worker
// and loopback receiver, so the stack's tenants and its worker never see these events) and turns
// its closing JSON line into a table row.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { PathRow } from './report.ts';
import { benchDir, repoRoot } from './settings.ts';

/** What webhooks-throughput.ts prints last. */
type WebhooksResult = {
  burstEvents: number;
  eventsPerSecond: number;
  plainFetchPerSecond: number;
  steadyRate: number;
  p50Ms: number;
  p99Ms: number;
  workers: number;
};

/** Issue 22: at least 1,000 events/s delivered, p99 from commit to delivery under a second. */
export const webhooksTarget = { rps: 1000, p99: 1000 };

export async function measureWebhooks(databaseUrl: string): Promise<PathRow> {
  // Not under the lag probe: the script's own processes are not the stack's services.
  const { NODE_OPTIONS: _options, BENCH_LAG_DIR: _lag, ...env } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(benchDir, 'src', 'webhooks-throughput.ts')], {
    cwd: repoRoot,
    env: { ...env, BENCH_DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let result: WebhooksResult | undefined;
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line.startsWith('{')) result = JSON.parse(line) as WebhooksResult;
    else console.log(line);
  });
  const startedAt = performance.now();
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0 || !result) throw new Error(`webhooks-throughput.ts exited with ${code} and no result`);
  return {
    id: 'webhooks',
    label: `webhooks: events/s (${result.burstEvents.toLocaleString('en-US')} queued), p50/p99 commit → delivery at ${result.steadyRate}/s`,
    target: webhooksTarget,
    // Read against plain POSTs to the same receiver: what delivery would be with no outbox at all.
    ceiling: { name: 'plain fetch', perSecond: result.plainFetchPerSecond },
    result: {
      requests: result.burstEvents,
      rps: result.eventsPerSecond,
      p50: result.p50Ms,
      p90: Number.NaN,
      p99: result.p99Ms,
      max: Number.NaN,
      // The script fails rather than report an event that did not arrive.
      errors: 0,
      non2xx: 0,
      seconds: Math.round((performance.now() - startedAt) / 1000),
      generatorCpu: 0,
    },
    usage: { cpuPercent: {}, cpuMs: {}, peakRssMb: {}, waitPercent: {} },
    lag: {},
    details: { ...result },
  };
}
