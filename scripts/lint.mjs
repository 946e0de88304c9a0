// `pnpm lint`: Biome (lint + format check), file sizes, commit subjects. Every check runs even when
// an earlier one fails, so one run lists everything there is to fix.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const checks = [
  ['biome', ['pnpm', 'exec', 'biome', 'check', '.']],
  ['file sizes', ['node', 'scripts/check-file-sizes.mjs']],
  ['commit subjects', ['node', 'scripts/check-commit-subjects.mjs']],
];

const failed = [];
for (const [name, [command, ...args]] of checks) {
  const { status } = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (status !== 0) failed.push(name);
}
console.log(failed.length ? `lint failed: ${failed.join(', ')}` : 'lint passed');
process.exit(failed.length ? 1 : 0);
