// What a run prints at its end (the table and the lines that explain it) and the JSON it keeps in
// packages/bench/results, with every detail of every path.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Ceilings } from './ceilings.ts';
import type { ServiceName } from './processes.ts';
import { type CeilingName, meetsTarget, type PathRow, ratioToCeiling, resultsTable, targetText } from './report.ts';
import type { RunResult } from './runner.ts';
import type { Seeded } from './seed.ts';
import { resultsDir, runStamp, secondsSinceStart, settings, type StackMode } from './settings.ts';

/** A figure with its sign always shown: +3, −4 (a real minus sign). */
const signed = (value: number) => (value < 0 ? `−${-value}` : `+${value}`);

export type RunFacts = {
  mode: StackMode;
  startedAt: Date;
  rows: PathRow[];
  cpu: Ceilings;
  bare: RunResult;
  ceilings: Record<CeilingName, number>;
  startMs: number;
  seeded: Pick<Seeded, 'seedMs' | 'usersMs'>;
  idleRssMb: Record<ServiceName, number>;
  afterRssMb: Record<ServiceName, number>;
  serviceOutput: string[];
};

/** Prints the summary and writes the results file; returns the file's path. */
export function reportRun({
  mode,
  startedAt,
  rows,
  cpu,
  bare,
  ceilings,
  startMs,
  seeded,
  idleRssMb,
  afterRssMb,
  serviceOutput,
}: RunFacts): string {
  // Discovery is answered from the gateway's own copy; userinfo is passed on to the oidc service.
  const gatewayOverheads = (['discovery', 'userinfo'] as const).flatMap((path) => {
    const direct = rows.find((row) => row.id === `${path}-direct`);
    const viaGateway = rows.find((row) => row.id === path);
    if (!direct || !viaGateway) return [];
    return [
      {
        path,
        directRps: direct.result.rps,
        gatewayRps: viaGateway.result.rps,
        throughputLoss: 1 - viaGateway.result.rps / direct.result.rps,
        addedP50Ms: Math.round((viaGateway.result.p50 - direct.result.p50) * 100) / 100,
        addedP99Ms: Math.round((viaGateway.result.p99 - direct.result.p99) * 100) / 100,
        gatewayCpuUsPerRequest: Math.round(((viaGateway.usage.cpuMs.gateway ?? 0) * 1000) / Math.max(1, viaGateway.result.requests)),
        oidcCpuUsPerRequest: Math.round(((viaGateway.usage.cpuMs.oidc ?? 0) * 1000) / Math.max(1, viaGateway.result.requests)),
      },
    ];
  });
  const machine = {
    cpus: os.availableParallelism(),
    model: os.cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
  };

  const table = resultsTable(rows);
  const idleTotalMb = Object.values(idleRssMb).reduce((sum, mb) => sum + mb, 0);
  const summary = [
    `Mode: ${mode === 'one-process' ? 'one process (pnpm start; its "gw" columns are the whole stack)' : 'a process per service'}.`,
    table,
    '',
    `Ceilings on this machine (${machine.cpus} cores, ${machine.model}): ES256 ${cpu.es256PerSecond.toLocaleString('en-US')} signatures/s on one core; ` +
      `argon2id ${cpu.argon2idPerSecond} hashes/s on all cores; bare Fastify route ${bare.rps.toLocaleString('en-US')} req/s (p99 ${bare.p99} ms).`,
    ...gatewayOverheads.map(
      (overhead) =>
        `Gateway overhead (${overhead.path}): ${overhead.directRps.toLocaleString('en-US')} req/s direct vs ${overhead.gatewayRps.toLocaleString('en-US')} through the gateway ` +
        `(${signed(-Math.round(overhead.throughputLoss * 100))} %), p50 ${signed(overhead.addedP50Ms)} ms, p99 ${signed(overhead.addedP99Ms)} ms` +
        // The gateway answers discovery from its own one-second copy, so it can beat the service.
        `${overhead.throughputLoss < 0 ? ' (the gateway replays its copy of the document)' : ''}; ` +
        `the gateway spends ${overhead.gatewayCpuUsPerRequest} µs of CPU per request (oidc ${overhead.oidcCpuUsPerRequest} µs).`,
    ),
    `Idle RSS MB, whole stack without PostgreSQL: ${idleTotalMb}; by process: ${Object.entries(idleRssMb)
      .map(([name, mb]) => `${name} ${mb}`)
      .join(', ')}; after the run: ${Object.entries(afterRssMb)
      .map(([name, mb]) => `${name} ${mb}`)
      .join(', ')}.`,
    `Targets met: ${rows.filter((row) => meetsTarget(row)).length} of ${rows.filter((row) => row.target).length}. ` +
      `CPU % is of one core (${machine.cpus * 100} = all); "load" is the load generator; loop lag is the worst service's event-loop delay p99.`,
  ];
  for (const row of rows) {
    for (const [service, hot] of Object.entries(row.hot ?? {})) {
      const share = (value: number) => `${Math.round(value * 100)} %`;
      summary.push(
        `Profile, ${row.id} in ${service}: by package ${hot.owners.map((entry) => `${entry.owner} ${share(entry.share)}`).join(', ')}; ` +
          `top functions ${hot.functions
            .slice(0, 4)
            .map((fn) => `${fn.name} ${fn.where ? `(${fn.where}) ` : ''}${share(fn.share)}`)
            .join('; ')}`,
      );
    }
  }
  if (serviceOutput.length)
    summary.push(`Services logged ${serviceOutput.length} lines at warn or above; first: ${serviceOutput.slice(0, 3).join(' / ')}`);
  console.log(
    summary
      .filter((line) => line !== '')
      .join('\n')
      .replace(table, `\n${table}\n`),
  );

  mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${runStamp}-${mode}.json`);
  writeFileSync(
    file,
    `${JSON.stringify(
      {
        startedAt: startedAt.toISOString(),
        mode,
        machine,
        settings: { ...settings, databaseUrl: settings.databaseUrl ? '(BENCH_DATABASE_URL)' : '(embedded)' },
        ceilings: { ...ceilings, argon2idSerialPerSecond: cpu.argon2idSerialPerSecond, bareFastify: bare },
        stack: { startMs, seedMs: seeded.seedMs, usersMs: seeded.usersMs, idleRssMb, idleTotalMb, afterRssMb },
        paths: rows.map((row) => ({
          ...row,
          targetText: targetText(row.target),
          meetsTarget: meetsTarget(row),
          ratioToCeiling: Math.round(ratioToCeiling(row) * 1000) / 1000,
        })),
        gatewayOverheads,
        serviceOutput: serviceOutput.slice(0, 50),
        table,
        totalSeconds: secondsSinceStart(),
      },
      null,
      2,
    )}\n`,
  );
  return file;
}
