import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './config.ts';

export const launcherScript = path.join('packages', 'launcher', 'src', 'start.ts');

/**
 * Node's flags in the root `start` script (the young generation's cap, node-flags.mjs's output,
 * tsx), for whatever starts the launcher as `pnpm start` does (the bench, the launcher's test). A
 * `$(node script)` in it is run as the shell would.
 */
export function startScriptNodeFlags(): string[] {
  const { scripts } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const match = /\bnode ((?:\S+ )*?)packages\/launcher\/src\/start\.ts/.exec(scripts.start ?? '');
  if (!match) throw new Error(`the root start script no longer runs node … ${launcherScript}`);
  const expanded = match[1]!.replace(/\$\(node (\S+)\)/g, (_, script: string) =>
    execFileSync(process.execPath, [path.join(repoRoot, script)], { encoding: 'utf8' }).trim(),
  );
  return expanded.trim().split(/\s+/).filter(Boolean);
}
