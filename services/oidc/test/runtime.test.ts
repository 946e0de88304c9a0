// The service runs on a Node LTS that oidc-provider supports: on Node 20 (past its end of life) it
// warns "Unsupported runtime" at every start. `pnpm install` brings Node 22 on Linux x64 (README).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

describe('runtime', () => {
  it('is a Node LTS oidc-provider supports, so the provider loads without a warning', () => {
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(22);
    const loaded = spawnSync(process.execPath, ['--input-type=module', '-e', "await import('oidc-provider')"], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      encoding: 'utf8',
    });
    expect(loaded.status).toBe(0);
    expect(loaded.stderr).not.toMatch(/Unsupported runtime/);
  });
});
