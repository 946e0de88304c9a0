// The load generator, run as its own process (`node --import tsx runner.ts <job.json>`) so that it
// never shares an event loop with what it measures. It runs a warm-up, prints "measure:start",
// the measured run, "measure:end", then one line `result:<json>`.
import { readFileSync } from 'node:fs';
import { createHistogram } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { signInWithPassword, type OidcClient } from './flows.ts';

type Common = { name: string; duration: number; warmup: number; connections: number };
export type HttpJob = Common & {
  kind: 'http';
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** `{page}` in the URL becomes a random page number in 1..pages on every request. */
  pages?: number;
};
/** Refresh-token rotation: each chain's next token comes from the previous answer. */
export type RefreshJob = Common & {
  kind: 'refresh';
  url: string;
  authorization: string;
  refreshTokens: string[];
  /** Sent with every refresh, e.g. `organization_id` for an organization token. */
  parameters?: Record<string, string>;
};
export type SignInJob = Common & { kind: 'sign-in'; baseUrl: string; client: OidcClient; usernames: string[]; password: string };
export type Job = HttpJob | RefreshJob | SignInJob;

export type RunResult = {
  requests: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  errors: number;
  non2xx: number;
  seconds: number;
  /** The load generator's own CPU over the measured run, percent of one core. */
  generatorCpu: number;
  firstError?: string;
};

function autocannonOptions(job: HttpJob | RefreshJob, duration: number): autocannon.Options {
  const base = { url: job.url, connections: job.connections, duration, timeout: 10 };
  if (job.kind === 'refresh') {
    // A pool of chains, each in use by one request at a time: a request takes a token, its answer
    // puts the rotated one back. A failed answer ends that chain.
    const pool = job.refreshTokens;
    const extra = job.parameters ? `&${new URLSearchParams(job.parameters).toString()}` : '';
    return {
      ...base,
      requests: [
        {
          method: 'POST',
          setupRequest: (request) => {
            const token = pool.shift() ?? 'pool-exhausted';
            return {
              ...request,
              headers: { authorization: job.authorization, 'content-type': 'application/x-www-form-urlencoded' },
              body: `grant_type=refresh_token&refresh_token=${encodeURIComponent(token)}${extra}`,
            };
          },
          onResponse: (status, body) => {
            if (status !== 200) return;
            const next = (JSON.parse(body) as { refresh_token?: string }).refresh_token;
            if (next) pool.push(next);
          },
        },
      ],
    };
  }
  const requestBase = { method: job.method ?? 'GET', headers: job.headers ?? {}, ...(job.body ? { body: job.body } : {}) };
  if (job.pages) {
    const pages = job.pages;
    const path = new URL(job.url).pathname + new URL(job.url).search;
    return {
      ...base,
      requests: [
        {
          ...requestBase,
          setupRequest: (request) => ({ ...request, path: path.replace('{page}', String(1 + Math.floor(Math.random() * pages))) }),
        },
      ],
    };
  }
  return { ...base, ...requestBase };
}

async function runAutocannon(job: HttpJob | RefreshJob, duration: number): Promise<Omit<RunResult, 'generatorCpu'>> {
  // autocannon's own histogram keeps whole milliseconds; sub-millisecond paths need microseconds.
  const latencyUs = createHistogram();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(autocannonOptions(job, duration), (error, finished) => (error ? reject(error) : resolve(finished)));
    instance.on('response', (_client, _status, _bytes, responseTimeMs: number) =>
      latencyUs.record(Math.max(1, Math.round(responseTimeMs * 1000))),
    );
  });
  const ms = (us: number) => Math.round(us / 10) / 100;
  const seconds = result.duration;
  return {
    requests: result.requests.total,
    rps: Math.round(result.requests.total / seconds),
    p50: ms(latencyUs.percentile(50)),
    p90: ms(latencyUs.percentile(90)),
    p99: ms(latencyUs.percentile(99)),
    max: ms(latencyUs.max),
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    seconds,
  };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/** A sign-in is several requests with state between them: a closed loop of `connections` users. */
async function runSignIns(job: SignInJob, duration: number): Promise<Omit<RunResult, 'generatorCpu'>> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const deadline = started + duration * 1000;
  let next = 0;
  await Promise.all(
    Array.from({ length: job.connections }, async () => {
      while (performance.now() < deadline) {
        const username = job.usernames[next++ % job.usernames.length]!;
        const began = performance.now();
        try {
          await signInWithPassword(job.baseUrl, job.client, username, job.password);
          latencies.push(performance.now() - began);
        } catch (error) {
          errors += 1;
          firstError ??= String(error);
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const round = (value: number) => Math.round(value * 10) / 10;
  return {
    requests: latencies.length + errors,
    rps: Math.round((latencies.length / seconds) * 10) / 10,
    p50: round(percentile(latencies, 50)),
    p90: round(percentile(latencies, 90)),
    p99: round(percentile(latencies, 99)),
    max: round(latencies.at(-1) ?? 0),
    errors,
    non2xx: 0,
    seconds: round(seconds),
    ...(firstError ? { firstError } : {}),
  };
}

const run = (job: Job, duration: number) => (job.kind === 'sign-in' ? runSignIns(job, duration) : runAutocannon(job, duration));

/** One request before the load, so that a path that fails says why (autocannon only counts). */
async function preflight(job: HttpJob): Promise<string | undefined> {
  const response = await fetch(job.url.replace('{page}', '1'), {
    method: job.method ?? 'GET',
    headers: job.headers ?? {},
    ...(job.body ? { body: job.body } : {}),
  });
  const text = await response.text();
  return response.ok ? undefined : `${response.status} ${text.slice(0, 300)}`;
}

const job = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as Job;
const preflightError = job.kind === 'http' ? await preflight(job) : undefined;
if (job.warmup > 0) await run(job, job.warmup);
process.stdout.write('measure:start\n');
const cpuBefore = process.cpuUsage();
const measured = await run(job, job.duration);
const cpu = process.cpuUsage(cpuBefore);
process.stdout.write('measure:end\n');
const generatorCpu = Math.round((cpu.user + cpu.system) / 1e4 / measured.seconds);
const firstError = measured.firstError ?? (measured.errors + measured.non2xx > 0 ? preflightError : undefined);
process.stdout.write(
  `result:${JSON.stringify({ ...measured, generatorCpu, ...(firstError ? { firstError } : {}) } satisfies RunResult)}\n`,
);
