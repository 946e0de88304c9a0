// One-process mode as `pnpm start` runs it: the launcher in a process of its own (so that its CPU
// and memory are the stack's, not mixed with the bench's), on a database the bench opened.
import { spawn } from 'node:child_process';
import { createConnection, createServer, type Server } from 'node:net';
import path from 'node:path';
import { launcherScript, startScriptNodeFlags } from '@idp/launcher';
import { repoRoot } from './settings.ts';

export type SpawnedStack = {
  userUrl: string;
  /** The oidc service's internal API, reached through a loopback forwarder to its Unix socket. */
  oidcInternalUrl: string;
  stop(): Promise<void>;
};

// The internal API is on a Unix socket only (never routed by the gateway); the bench's token
// minting speaks HTTP to a URL, so a forwarder in the bench's own process bridges the two. It is
// used while minting, never during a measured window.
async function forwardTo(socketPath: string): Promise<{ url: string; server: Server }> {
  const server = createServer((client) => {
    const upstream = createConnection(socketPath);
    client.pipe(upstream).pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end);
    upstream.on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('no forwarder address');
  return { url: `http://127.0.0.1:${address.port}`, server };
}

export async function spawnOneProcessStack(env: Record<string, string>, onOutput: (line: string) => void): Promise<SpawnedStack> {
  const child = spawn(process.execPath, [...startScriptNodeFlags(), launcherScript], {
    cwd: repoRoot,
    env: { ...process.env, ...env, IDP_MODE: 'one-process' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the launcher was not ready in 3 minutes:\n${output}`)), 180_000);
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      output += text;
      for (const line of text.split('\n')) if (/"level":(4|5|6)\d/.test(line)) onOutput(line);
      if (output.includes('Press Ctrl-C to stop.')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => reject(new Error(`the launcher exited with ${code}:\n${output}`)));
  });
  const socketDir = /internal socket in (\S+)\)/.exec(output)?.[1];
  const userUrl = /User endpoint +\(tenant default\): (\S+)/.exec(output)?.[1];
  if (!socketDir || !userUrl) throw new Error(`unexpected launcher output:\n${output}`);
  const forwarder = await forwardTo(path.join(socketDir, 'oidc.sock'));
  return {
    userUrl,
    oidcInternalUrl: forwarder.url,
    stop: async () => {
      forwarder.server.close();
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
