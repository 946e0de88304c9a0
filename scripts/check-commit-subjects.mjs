// `pnpm lint` part: commit subjects of at most 72 characters, so `git log --oneline` and every
// review tool show them whole. History up to and including the base commit is grandfathered.
// On a shallow or fresh clone without the base, only HEAD is checked.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const base = 'a26fb0f';
const maxLength = 72;
// Commits on main that went over while this check was new; rewording them would rewrite shared history.
const grandfathered = [
  '9332e0b',
  '1623066',
  '37b19ba',
  // Landed by a session with several people committing at once (2026-12-02), before the check ran.
  '514680e',
  '72a04b3',
  'e5803a0',
  'd095e69',
  'c425b55',
  'd0c2e6c',
];
const root = fileURLToPath(new URL('..', import.meta.url));
const git = (...args) => execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });

const known = (rev) => {
  try {
    git('rev-parse', '--verify', '--quiet', `${rev}^{commit}`);
    return true;
  } catch {
    return false;
  }
};

if (!known('HEAD')) {
  console.log('commit subjects: no commits yet');
  process.exit(0);
}
// The base must also be an ancestor: on a branch cut before it, checking `base..HEAD` would walk
// all of the grandfathered history.
const range = known(base) && isAncestor(base) ? [`${base}..HEAD`] : ['-1', 'HEAD'];
const commits = git('log', '--format=%H%x09%s', ...range)
  .split('\n')
  .filter(Boolean)
  .map((line) => {
    const [hash, ...subject] = line.split('\t');
    return { hash, subject: subject.join('\t') };
  });

const tooLong = commits.filter(
  ({ hash, subject }) => [...subject].length > maxLength && !grandfathered.some((prefix) => hash.startsWith(prefix)),
);
for (const { hash, subject } of tooLong)
  console.error(`error   ${hash.slice(0, 7)} subject is ${[...subject].length} characters (max ${maxLength}): ${subject}`);
console.log(
  `commit subjects: ${commits.length} checked${range[0] === '-1' ? ` (base ${base} unknown: HEAD only)` : ` since ${base}`}, ${tooLong.length} too long`,
);
process.exit(tooLong.length ? 1 : 0);

function isAncestor(rev) {
  try {
    execFileSync('git', ['merge-base', '--is-ancestor', rev, 'HEAD'], { cwd: root, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
