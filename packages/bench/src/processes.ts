// What the stack's processes cost, read from /proc (Linux): the launcher's children are found by
// their parent pid and named by their command line, so the launcher needs no hook of ours.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const serviceNames = ['gateway', 'oidc', 'management-api', 'experience-api', 'account-api', 'webhooks'] as const;
export type ServiceName = (typeof serviceNames)[number];
/** Groups whose CPU is measured: the services, and PostgreSQL (postmaster and backends) when embedded. */
export type Group = ServiceName | 'postgres';

const clockTicks = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

type ProcStat = { pid: number; ppid: number; comm: string; ticks: number; childTicks: number };

function readStat(pid: number): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm is in parentheses and may hold spaces: the fields after it start at the last ')'.
    const close = text.lastIndexOf(')');
    const comm = text.slice(text.indexOf('(') + 1, close);
    const fields = text.slice(close + 2).split(' ');
    // fields[0] is state (field 3); ppid is field 4, utime 14, stime 15, and 16-17 the time of
    // children it has waited for.
    return {
      pid,
      ppid: Number(fields[1]),
      comm,
      ticks: Number(fields[11]) + Number(fields[12]),
      childTicks: Number(fields[13]) + Number(fields[14]),
    };
  } catch {
    return undefined; // gone meanwhile
  }
}

const allProcesses = () =>
  readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readStat(Number(name)))
    .filter((stat): stat is ProcStat => stat !== undefined);

const cmdline = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return [];
  }
};

/** The environment a process started with (readable for our own children). */
export function environmentOf(pid: number): Record<string, string> {
  const entries = readFileSync(`/proc/${pid}/environ`, 'utf8')
    .split('\0')
    .filter(Boolean)
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]);
  return Object.fromEntries(entries);
}

export type StackProcesses = { services: Map<ServiceName, number>; postgres: number | undefined };

/** The service processes (and embedded postmaster) among the descendants of `rootPid`. */
export function findStackProcesses(rootPid = process.pid): StackProcesses {
  const processes = allProcesses();
  const services = new Map<ServiceName, number>();
  let postgres: number | undefined;
  const descendants = new Set([rootPid]);
  // Parents come before children often enough; repeat until no new descendant appears.
  for (let grown = true; grown; ) {
    grown = false;
    for (const proc of processes) {
      if (!descendants.has(proc.pid) && descendants.has(proc.ppid)) {
        descendants.add(proc.pid);
        grown = true;
      }
    }
  }
  for (const proc of processes) {
    if (!descendants.has(proc.pid) || proc.pid === rootPid) continue;
    const args = cmdline(proc.pid);
    const script = args.find((arg) => /services[\\/][^\\/]+[\\/](dist|src)[\\/]main\.[jt]s$/.test(arg));
    const name = script?.split(/[\\/]/).at(-3) as ServiceName | undefined;
    if (name && serviceNames.includes(name)) services.set(name, proc.pid);
    // One-process mode: the launcher's process is the gateway, with every service in it.
    else if (args.some((arg) => /packages[\\/]launcher[\\/](dist|src)[\\/]start\.[jt]s$/.test(arg))) services.set('gateway', proc.pid);
    else if (proc.comm === 'postgres' && readStat(proc.ppid)?.comm !== 'postgres') {
      postgres = proc.pid; // the postmaster: a postgres whose parent is not one
    }
  }
  return { services, postgres };
}

/** CPU ticks used so far by each group (a process tree for PostgreSQL). */
function cpuTicks(stack: StackProcesses): Map<Group, number> {
  const ticks = new Map<Group, number>();
  for (const [name, pid] of stack.services) ticks.set(name, readStat(pid)?.ticks ?? 0);
  if (stack.postgres !== undefined) {
    const processes = allProcesses();
    let total = 0;
    // Backends are the postmaster's children: the live ones count their own time, the ones that
    // ended count in the postmaster's children time, so the sum only grows.
    for (const proc of processes) {
      if (proc.pid === stack.postgres) total += proc.ticks + proc.childTicks;
      else if (proc.ppid === stack.postgres) total += proc.ticks;
    }
    ticks.set('postgres', total);
  }
  return ticks;
}

/**
 * Nanoseconds the process's main thread (its event loop) has spent runnable but waiting for a core
 * (/proc/<pid>/schedstat, second field): time a CPU profile, which samples by wall clock, charges to
 * whatever call the thread was preempted in.
 */
function runQueueWaitNs(pid: number): number {
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1]) || 0;
  } catch {
    return 0; // gone, or a kernel without scheduler statistics
  }
}

export function rssMb(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round(Number(match[1]) / 1024) : 0;
  } catch {
    return 0;
  }
}

export type Usage = {
  /** Percent of one core over the window (200 = both cores of a 2-core machine). */
  cpuPercent: Partial<Record<Group, number>>;
  /** CPU milliseconds per group over the window, to divide by the requests served. */
  cpuMs: Partial<Record<Group, number>>;
  peakRssMb: Partial<Record<ServiceName, number>>;
  /** Percent of the window each service's main thread spent runnable but waiting for a core. */
  waitPercent: Partial<Record<ServiceName, number>>;
};

/** Samples CPU and RSS between start() and stop(). */
export function startUsageWindow(stack: StackProcesses, intervalMs = 200) {
  const startedAt = performance.now();
  const before = cpuTicks(stack);
  const waitBefore = new Map([...stack.services].map(([name, pid]) => [name, runQueueWaitNs(pid)]));
  const peak = new Map<ServiceName, number>();
  const sample = () => {
    for (const [name, pid] of stack.services) peak.set(name, Math.max(peak.get(name) ?? 0, rssMb(pid)));
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop(): Usage {
      clearInterval(timer);
      sample();
      const seconds = (performance.now() - startedAt) / 1000;
      const after = cpuTicks(stack);
      const cpuPercent: Usage['cpuPercent'] = {};
      const cpuMs: Usage['cpuMs'] = {};
      for (const [group, ticks] of after) {
        const ms = ((ticks - (before.get(group) ?? ticks)) / clockTicks) * 1000;
        cpuMs[group] = Math.round(ms);
        cpuPercent[group] = Math.round(ms / 10 / seconds);
      }
      const waitPercent: Usage['waitPercent'] = {};
      for (const [name, pid] of stack.services) {
        waitPercent[name] = Math.round((runQueueWaitNs(pid) - (waitBefore.get(name) ?? 0)) / 1e7 / seconds);
      }
      return { cpuPercent, cpuMs, peakRssMb: Object.fromEntries(peak), waitPercent };
    },
  };
}

export type LagReport = { p50: number; p99: number; max: number };

export type Probed = {
  lag: Partial<Record<ServiceName, LagReport>>;
  /** SQL statements each service sent through node-postgres since the previous call. */
  statements: Partial<Record<ServiceName, number>>;
  /** With profiling on: each service's CPU profile of the same window. */
  profiles: Partial<Record<ServiceName, string>>;
};

/**
 * Event-loop delay (and, when profiling, the CPU profile) of each service since the previous call,
 * from the probe preloaded into them (lag-probe.mjs): SIGUSR2 makes each write what it gathered to
 * `dir` and start again.
 */
export async function collectProbes(stack: StackProcesses, dir: string, options: { profiles?: boolean } = {}): Promise<Probed> {
  const asked = Date.now();
  const files = new Map<ServiceName, { lag: string; profile: string }>();
  for (const [name, pid] of stack.services) {
    const lag = path.join(dir, `${pid}.json`);
    const profile = path.join(dir, `${pid}.cpuprofile`);
    rmSync(lag, { force: true });
    rmSync(profile, { force: true });
    files.set(name, { lag, profile });
    process.kill(pid, 'SIGUSR2');
  }
  const probed: Probed = { lag: {}, statements: {}, profiles: {} };
  const done = () =>
    Object.keys(probed.lag).length === files.size && (!options.profiles || Object.keys(probed.profiles).length === files.size);
  for (let attempt = 0; attempt < 250 && !done(); attempt += 1) {
    for (const [name, file] of files) {
      if (options.profiles && !probed.profiles[name] && existsSync(file.profile)) probed.profiles[name] = file.profile;
      if (probed.lag[name] || !existsSync(file.lag)) continue;
      try {
        const report = JSON.parse(readFileSync(file.lag, 'utf8')) as LagReport & { at: number; statements?: number };
        if (report.at >= asked - 1000) {
          probed.lag[name] = { p50: report.p50, p99: report.p99, max: report.max };
          probed.statements[name] = report.statements ?? 0;
        }
      } catch {
        // half written: read again
      }
    }
    await sleep(20);
  }
  return probed;
}
