// The load generator runs in a process of its own (runner.ts), so it never shares an event loop
// with the bench's bookkeeping; this side hands it a job and brackets its measured window.
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Job, RunResult } from './runner.ts';
import { benchDir, loadShape, repoRoot, settings } from './settings.ts';

/** The run's temporary folder: job files, the embedded database's data, the lag probes' output. */
export const scratch = mkdtempSync(path.join(os.tmpdir(), 'idp-bench-'));
// The embedded PostgreSQL runs as the `postgres` user when we are root: it must reach its folder.
chmodSync(scratch, 0o755);
let jobCount = 0;

/** Runs a job in a runner process; `onMeasure` brackets its measured part (after the warm-up). */
export async function runJob<T>(job: Job, onMeasure: { start(): void; end(): T }): Promise<{ result: RunResult; measured: T }> {
  jobCount += 1;
  const file = path.join(scratch, `job-${jobCount}.json`);
  writeFileSync(file, JSON.stringify(job));
  const { NODE_OPTIONS: _options, BENCH_LAG_DIR: _lag, ...env } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(benchDir, 'src', 'runner.ts'), file], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let result: RunResult | undefined;
  let measured: T | undefined;
  const lines = createInterface({ input: child.stdout });
  lines.on('line', (line) => {
    if (line === 'measure:start') onMeasure.start();
    else if (line === 'measure:end') measured = onMeasure.end();
    else if (line.startsWith('result:')) result = JSON.parse(line.slice('result:'.length)) as RunResult;
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (!result || measured === undefined) throw new Error(`runner for ${job.name} exited with ${code} and no result`);
  return { result, measured };
}

/** A bare Fastify route in its own process, driven the same way: the HTTP ceiling. */
export async function measureBareFastify(): Promise<RunResult> {
  const server = spawn(process.execPath, ['--import', 'tsx', path.join(benchDir, 'src', 'bare-server.ts')], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      createInterface({ input: server.stdout }).on('line', (line) => line.startsWith('listening:') && resolve(line.slice(10)));
      server.once('exit', (code) => reject(new Error(`bare server exited with ${code}`)));
    });
    const job: Job = { kind: 'http', name: 'bare', url: `${url}/bare`, ...loadShape(settings.connections) };
    const { result } = await runJob(job, { start() {}, end: () => true });
    return result;
  } finally {
    server.kill('SIGTERM');
  }
}
