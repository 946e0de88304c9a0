// `pnpm test`: every package's tests through turbo, then one closing line for the whole run,
// `N passed, N failed`, counted from the JSON report each package's vitest writes. A package that
// has a test script but wrote no report, or whose report says the run failed outside any test
// (vitest writes zero counts with `success: false` when its global setup throws), counts as one
// failure and is named on stderr: a package whose setup breaks must never read as a clean run.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// `pnpm test -- --filter=x` hands us the `--`; turbo would pass what follows it to every package.
const extraArgs = process.argv.slice(2).filter((arg, index) => !(index === 0 && arg === '--'));
const turboArgs = ['run', 'test', '--continue', '--concurrency=2', ...extraArgs];
const env = { TURBO_TELEMETRY_DISABLED: '1', ...process.env };
const reportOf = (dir) => path.join(root, dir, '.test-report.json');

// Turbo's dry run names exactly the test tasks this run will execute (after any --filter the
// caller passed), and which of them have a script at all.
const dryRun = spawnSync('pnpm', ['exec', 'turbo', ...turboArgs, '--dry=json'], { cwd: root, env, encoding: 'utf8', maxBuffer: 64 << 20 });
if (dryRun.status !== 0) {
  process.stderr.write(dryRun.stderr);
  console.log('\n0 passed, 1 failed');
  process.exit(1);
}
const testing = JSON.parse(dryRun.stdout)
  .tasks.filter((task) => task.task === 'test' && task.command !== '<NONEXISTENT>')
  .map((task) => ({ name: task.package, dir: task.directory }));

// A report left from an earlier run must not be counted as this run's.
for (const { dir } of testing) rmSync(reportOf(dir), { force: true });

const turbo = spawnSync('pnpm', ['exec', 'turbo', ...turboArgs], { cwd: root, stdio: 'inherit', env });

let passed = 0;
let failed = 0;
let skipped = 0;
const broken = [];
for (const { name, dir } of testing) {
  if (!existsSync(reportOf(dir))) {
    broken.push(`${name}: has a test script but wrote no .test-report.json (counted as 1 failed)`);
    failed += 1;
    continue;
  }
  const report = JSON.parse(readFileSync(reportOf(dir), 'utf8'));
  const failures = report.numFailedTests + (report.numFailedTestSuites ?? 0);
  passed += report.numPassedTests;
  failed += failures;
  skipped += report.numPendingTests + (report.numTodoTests ?? 0);
  if (report.success === false && failures === 0) {
    broken.push(`${name}: its test run failed outside any test, e.g. in setup (counted as 1 failed)`);
    failed += 1;
  }
}
for (const line of broken) console.error(line);
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(turbo.status === 0 && failed === 0 && passed > 0 ? 0 : 1);
