// The table `pnpm bench` prints (Markdown, so the README can show it as is) and the verdict of
// each row against its target.
import type { LagReport, ServiceName, Usage } from './processes.ts';
import type { HotFunction } from './profile.ts';
import type { RunResult } from './runner.ts';

export type CeilingName = 'ES256' | 'argon2id' | 'Fastify';
export type Target = { rps?: number; p99?: number; ceilingShare?: number };

export type PathRow = {
  id: string;
  label: string;
  target?: Target;
  /** `plain fetch`: the webhooks row, read against plain POSTs to its receiver. */
  ceiling: { name: CeilingName | 'plain fetch' | 'none'; perSecond: number };
  result: RunResult;
  usage: Usage;
  lag: Partial<Record<ServiceName, LagReport>>;
  /** Database transactions (statements outside a transaction count one each) per request, about. */
  transactionsPerRequest?: number;
  /** SQL statements the services sent per request (BEGIN and COMMIT included), counted in each service. */
  statementsPerRequest?: number;
  statementsByService?: Partial<Record<ServiceName, number>>;
  /** What autovacuum worked on during the window (e.g. `VACUUM public.users`). */
  autovacuum?: string[];
  /** With BENCH_PROFILE=1: the functions with the most self time in each busy service. */
  /** What a row measured beyond the columns (the webhooks row's burst size, steady rate, workers). */
  details?: Record<string, number>;
  hot?: Partial<Record<ServiceName, { functions: HotFunction[]; owners: { owner: string; share: number }[] }>>;
};

const groupOrder = [
  ['gateway', 'gw'],
  ['oidc', 'oidc'],
  ['management-api', 'mgmt'],
  ['experience-api', 'exp'],
  ['account-api', 'acct'],
] as const;

export const ratioToCeiling = (row: Pick<PathRow, 'result' | 'ceiling'>) => row.result.rps / row.ceiling.perSecond;

export function targetText(target: Target | undefined): string {
  if (!target) return '(reference)';
  if (target.ceilingShare !== undefined) return `≥ ${Math.round(target.ceilingShare * 100)} % of ceiling`;
  return `${target.rps === undefined ? '' : `≥ ${target.rps.toLocaleString('en-US')}/s, `}p99 < ${target.p99} ms`;
}

/** Whether the row meets its target, errors included; undefined for reference rows. */
export function meetsTarget(row: Pick<PathRow, 'target' | 'result' | 'ceiling'>): boolean | undefined {
  const { target, result } = row;
  if (!target) return undefined;
  if (result.errors + result.non2xx > 0) return false;
  if (target.ceilingShare !== undefined) return ratioToCeiling(row) >= target.ceilingShare;
  return result.rps >= (target.rps ?? 0) && result.p99 < (target.p99 ?? Infinity);
}

const formatRate = (value: number) => (value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(1));
const formatMs = (value: number) => (value >= 100 ? String(Math.round(value)) : value >= 10 ? value.toFixed(1) : value.toFixed(2));
const formatRatio = (ratio: number) => (ratio >= 0.1 ? `${Math.round(ratio * 100)} %` : `${(ratio * 100).toFixed(1)} %`);

export function formatRow(row: PathRow): string[] {
  const { result, usage } = row;
  const verdict = meetsTarget(row);
  const lagP99 = Math.max(0, ...Object.values(row.lag).map((lag) => lag?.p99 ?? 0));
  // The webhooks row runs processes of its own, outside the stack's usage window: nothing sampled.
  const sampled = Object.keys(usage.cpuPercent).length > 0;
  const columns = [
    [...groupOrder.map(([group]) => usage.cpuPercent[group] ?? 0), usage.cpuPercent.postgres ?? '–', result.generatorCpu].join('/'),
    groupOrder.map(([group]) => usage.waitPercent[group] ?? 0).join('/'),
    groupOrder.map(([group]) => usage.peakRssMb[group] ?? 0).join('/'),
    formatMs(lagP99),
  ];
  return [
    row.label,
    formatRate(result.rps),
    formatMs(result.p50),
    formatMs(result.p99),
    String(result.errors + result.non2xx),
    `${targetText(row.target)}${verdict === undefined ? '' : verdict ? ' ✓' : ' ✗'}`,
    row.ceiling.name === 'none' ? '–' : `${formatRatio(ratioToCeiling(row))} ${row.ceiling.name}`,
    ...(sampled ? columns : columns.map(() => '–')),
    row.transactionsPerRequest === undefined ? '–' : String(row.transactionsPerRequest),
    row.statementsPerRequest === undefined ? '–' : String(row.statementsPerRequest),
  ];
}

export const tableHeader = [
  'path',
  'req/s',
  'p50 ms',
  'p99 ms',
  'errors',
  'target',
  'vs ceiling',
  `CPU % ${groupOrder.map(([, short]) => short).join('/')}/pg/load`,
  `waiting for a core % ${groupOrder.map(([, short]) => short).join('/')}`,
  `peak RSS MB ${groupOrder.map(([, short]) => short).join('/')}`,
  'loop lag p99 ms',
  'DB tx/req',
  'SQL stmt/req',
];

/** A Markdown table whose columns line up in a terminal too. */
export function markdownTable(header: string[], rows: string[][]): string {
  const widths = header.map((cell, index) => Math.max(cell.length, ...rows.map((row) => (row[index] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((cell, index) => cell.padEnd(widths[index]!)).join(' | ')} |`;
  const numeric = (index: number) => rows.length > 0 && rows.every((row) => /^[\d.,]+$/.test(row[index] ?? ''));
  const rule = `|${widths.map((width, index) => (numeric(index) ? `${'-'.repeat(width + 1)}:` : '-'.repeat(width + 2))).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

export const resultsTable = (rows: PathRow[]) => markdownTable(tableHeader, rows.map(formatRow));
