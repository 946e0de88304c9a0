// What a `pnpm bench` run is told (BENCH_* variables, read and checked once) and where it keeps its
// files, plus the timestamped log every part of the run writes to.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const benchDir = fileURLToPath(new URL('..', import.meta.url));
export const repoRoot = path.resolve(benchDir, '../..');
export const resultsDir = path.join(benchDir, 'results');
export const runStamp = new Date().toISOString().replace(/[:.]/g, '-');

const numberFrom = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number, got ${process.env[name]}`);
  return value;
};

/** `one-process` is `pnpm start`'s default; `services` runs each service in its own process. */
export type StackMode = 'one-process' | 'services';
const stackModes: StackMode[] = ['one-process', 'services'];

// BENCH_MODE picks one mode; unset, a run measures both, one after the other.
const modesFrom = (value: string | undefined): StackMode[] => {
  if (!value) return stackModes;
  if (!stackModes.includes(value as StackMode)) throw new Error(`BENCH_MODE must be one of ${stackModes.join(', ')}, got ${value}`);
  return [value as StackMode];
};

export const settings = {
  modes: modesFrom(process.env.BENCH_MODE),
  duration: numberFrom('BENCH_DURATION', 8),
  warmup: numberFrom('BENCH_WARMUP', 2),
  connections: numberFrom('BENCH_CONNECTIONS', 10),
  signInConcurrency: numberFrom('BENCH_SIGN_IN_CONCURRENCY', 8),
  users: numberFrom('BENCH_USERS', 100_000),
  paths: process.env.BENCH_PATHS?.split(',')
    .map((id) => id.trim())
    .filter(Boolean),
  profile: process.env.BENCH_PROFILE === '1' || process.env.BENCH_PROFILE === 'true',
  databaseUrl: process.env.BENCH_DATABASE_URL || undefined,
};

/** How long and how wide each path is driven, with `connections` in flight. */
export const loadShape = (connections: number) => ({ duration: settings.duration, warmup: settings.warmup, connections });

const began = performance.now();
export const secondsSinceStart = () => Math.round((performance.now() - began) / 1000);
export const elapsed = () => `${((performance.now() - began) / 1000).toFixed(0).padStart(4)} s`;
export const log = (line: string) => console.log(`[bench ${elapsed()}] ${line}`);
