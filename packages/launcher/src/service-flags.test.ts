import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './config.ts';
import { serviceEnvironment, serviceNodeFlags } from './stack.ts';

// The services' idle memory depends on how they are started; the launcher's services mode and the
// Dockerfile (which compose runs) must start them the same way.
const dockerfile = readFileSync(path.join(repoRoot, 'Dockerfile'), 'utf8').replace(/\\\r?\n/g, ' ');
const runtime = dockerfile.slice(dockerfile.search(/^FROM .* AS runtime$/m));
const nodeOptions = /NODE_OPTIONS=(\S+)/.exec(runtime)?.[1] ?? '';
const command = /^CMD (.*)$/m.exec(runtime)?.[1] ?? '';

describe('how services are started', () => {
  it('gives the Dockerfile runtime the launcher flags, in NODE_OPTIONS or on the CMD line', () => {
    const commandFlags = command.split(/\s+/).filter((word) => word.startsWith('--'));
    for (const flag of serviceNodeFlags) {
      expect([...nodeOptions.split(' '), ...commandFlags], flag).toContain(flag);
    }
  });

  it('gives the Dockerfile runtime the launcher environment', () => {
    for (const [name, value] of Object.entries(serviceEnvironment)) {
      expect(runtime).toMatch(new RegExp(`^ENV [^\\n]*\\b${name}=${value}\\b`, 'm'));
    }
  });

  it('uses flags this Node accepts, with NODE_OPTIONS holding only ones it allows there', () => {
    const flags = spawnSync(process.execPath, [...serviceNodeFlags, '-e', 'process.exit(0)'], { encoding: 'utf8' });
    expect(flags.stderr).toBe('');
    expect(flags.status).toBe(0);
    const environment = spawnSync(process.execPath, ['-e', 'process.exit(0)'], {
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: nodeOptions },
    });
    expect(environment.stderr).toBe('');
    expect(environment.status).toBe(0);
  });
});
