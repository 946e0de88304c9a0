// `pnpm test:services`: the integration tests that cross services (OIDC flows, the Experience API's
// sign-ins through the oidc service's internal API, the Account API's token resolution, the console,
// routing and the launcher) once more, with each service behind the proxying gateway
// (IDP_MODE=services) instead of in one process as `pnpm test` runs them. Running the whole suite
// twice would double CI's longest step; these files cover every path that crosses a service boundary.
// `pnpm test:services -- --all` runs every integration test file in that mode. Ends with the same
// `N passed, N failed` line as `pnpm test`.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const packageDir = path.join(root, 'packages', 'integration-tests');
// Under artifacts/ (ignored by git), apart from the report of `pnpm test`.
const report = path.join(packageDir, 'artifacts', 'test-report-services.json');

const crossServiceFiles = [
  'test/oidc/authorization-code.test.ts',
  'test/oidc/client-credentials.test.ts',
  'test/oidc/discovery.test.ts',
  'test/oidc/logout.test.ts',
  'test/oidc/logto-wire.test.ts',
  'test/oidc/reliability.test.ts',
  'test/experience/code-flows.test.ts',
  'test/experience/concurrent-steps.test.ts',
  'test/experience/consent.test.ts',
  'test/experience/mfa.test.ts',
  'test/experience/password-flows.test.ts',
  'test/experience/social.test.ts',
  'test/account-api/profile.test.ts',
  'test/account-api/sessions-grants.test.ts',
  'test/browser/console.test.ts',
  'test/browser/sign-in-journey.test.ts',
  'test/launcher.test.ts',
  'test/routing.test.ts',
  'test/security-headers.test.ts',
  'test/tenancy.test.ts',
  'test/trusted-proxy.test.ts',
];

const all = process.argv.includes('--all');
rmSync(report, { force: true });
const run = spawnSync(
  'pnpm',
  ['exec', 'vitest', 'run', ...(all ? [] : crossServiceFiles), '--reporter=default', '--reporter=json', `--outputFile.json=${report}`],
  { cwd: packageDir, stdio: 'inherit', env: { ...process.env, IDP_MODE: 'services' } },
);
if (!existsSync(report)) {
  console.error('integration-tests wrote no report (counted as 1 failed)');
  console.log('\n0 passed, 1 failed');
  process.exit(1);
}
const result = JSON.parse(readFileSync(report, 'utf8'));
const failed =
  result.numFailedTests + (result.numFailedTestSuites ?? 0) + (result.success === false && result.numFailedTests === 0 ? 1 : 0);
console.log(`\n${result.numPassedTests} passed, ${failed} failed (IDP_MODE=services)`);
process.exit(run.status === 0 && failed === 0 && result.numPassedTests > 0 ? 0 : 1);
