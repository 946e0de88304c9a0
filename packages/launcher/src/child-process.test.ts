import { describe, expect, it } from 'vitest';
import { spawnChild } from './child-process.ts';

// Real child processes: a few lines of Node that listen (or do not) like a service would.
const serve = (port: number, delayMs: number) => `
  const http = require('node:http');
  console.log('booting');
  setTimeout(() => http.createServer((req, res) => res.end('ok')).listen(${port}, '127.0.0.1'), ${delayMs});
  process.on('SIGTERM', () => { console.log('draining'); process.exit(0); });
`;

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('spawnChild', () => {
  it('resolves once the child answers its readiness URL, prefixes its output, and stops it', async () => {
    const port = await freePort();
    const lines: string[] = [];
    const child = await spawnChild({
      name: 'svc',
      command: process.execPath,
      args: ['-e', serve(port, 300)],
      cwd: process.cwd(),
      env: {},
      readyUrl: `http://127.0.0.1:${port}/`,
      output: (line) => lines.push(line),
      timeoutMs: 10_000,
    });
    expect((await fetch(`http://127.0.0.1:${port}/`)).ok).toBe(true);

    await child.stop();
    expect(child.process.exitCode).toBe(0);
    expect(lines).toEqual(['[svc] booting', '[svc] draining']);
  });

  it('fails with the exit code when the child dies before it is ready', async () => {
    const port = await freePort();
    await expect(
      spawnChild({
        name: 'broken',
        command: process.execPath,
        args: ['-e', 'process.exit(3)'],
        cwd: process.cwd(),
        env: {},
        readyUrl: `http://127.0.0.1:${port}/`,
        output: () => {},
      }),
    ).rejects.toThrow('broken exited with code 3 before it was ready');
  });

  it('gives up and stops the child when it never becomes ready', async () => {
    const port = await freePort();
    const lines: string[] = [];
    await expect(
      spawnChild({
        name: 'slow',
        command: process.execPath,
        args: ['-e', serve(port, 60_000)],
        cwd: process.cwd(),
        env: {},
        readyUrl: `http://127.0.0.1:${port}/`,
        output: (line) => lines.push(line),
        // Long enough for Node to boot and install its SIGTERM handler on a busy machine.
        timeoutMs: 4000,
      }),
    ).rejects.toThrow(`slow did not become ready at http://127.0.0.1:${port}/`);
    expect(lines).toContain('[slow] draining');
  });
});
