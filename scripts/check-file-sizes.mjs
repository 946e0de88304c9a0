// `pnpm lint` part: keeps source files small enough to read in one sitting. Over 300 lines is a
// warning; over 500 fails, unless the file says why it is one piece with a comment line holding
// `size:` and a reason (e.g. `// size: one cohesive adapter contract, reads top to bottom`).
// Test files only ever warn (over 500): a long test file is a smell, not a defect.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const warnOver = 300;
const failOver = 500;
const root = fileURLToPath(new URL('..', import.meta.url));

const isTest = (file) => /\.test\.tsx?$/.test(file) || /(^|\/)test\//.test(file);
// A comment line (`//`, `/*`, or ` * ` inside a block) that gives a reason after `size:`.
const sizeReason = /^\s*(\/\/|\/\*+|\*)\s*size:\s*\S/m;

// Tracked files plus new ones not yet committed (but not ignored), so a check before the first
// commit of a file sees it too.
const files = execFileSync(
  'git',
  ['ls-files', '--cached', '--others', '--exclude-standard', '--', 'services/*.ts', 'services/*.tsx', 'packages/*.ts', 'packages/*.tsx'],
  { cwd: root, encoding: 'utf8' },
)
  .split('\n')
  .filter(Boolean)
  .filter((file) => !file.endsWith('.d.ts'));

const warnings = [];
const failures = [];
for (const file of files) {
  let text;
  try {
    text = readFileSync(new URL(file, `file://${root}`), 'utf8');
  } catch {
    continue; // deleted in the working tree but still in the index
  }
  const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  if (isTest(file)) {
    if (lines > failOver) warnings.push(`${file}: ${lines} lines (test file over ${failOver})`);
  } else if (lines > failOver && !sizeReason.test(text)) {
    failures.push(`${file}: ${lines} lines (over ${failOver}; split it, or add a \`// size: <reason>\` comment)`);
  } else if (lines > warnOver) {
    warnings.push(`${file}: ${lines} lines (over ${warnOver}${lines > failOver ? ', with a size: reason' : ''})`);
  }
}

for (const line of warnings) console.warn(`warning ${line}`);
for (const line of failures) console.error(`error   ${line}`);
console.log(`file sizes: ${files.length} files, ${warnings.length} warnings, ${failures.length} over ${failOver} lines`);
process.exit(failures.length ? 1 : 0);
