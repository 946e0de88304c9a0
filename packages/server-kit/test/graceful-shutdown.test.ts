// Real-process test of runService's shutdown: a request in flight when SIGTERM (or SIGINT) arrives
// still completes, new connections are no longer served, resources are released (`onClosed`) only
// after the in-flight work, and the process exits with code 0.
import { spawn, type ChildProcess } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const fixturePath = fileURLToPath(new URL('./fixtures/slow-service.ts', import.meta.url));
const slowMs = 800;

type Line = { text: string; at: number };
type Exit = { code: number | null; signal: NodeJS.Signals | null };

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });

const running: ChildProcess[] = [];

const within = <T>(promise: Promise<T>, ms: number, message: () => string) =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(message())), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });

afterEach(() => {
  for (const child of running.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
    }
  }
});

async function startSlowService() {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', fixturePath], {
    cwd: repoRoot,
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);

  const lines: Line[] = [];
  let stderr = '';
  const waiters: Array<() => void> = [];
  let buffered = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    const at = performance.now();
    buffered += chunk;
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    for (const text of parts) {
      lines.push({ text, at });
    }
    for (const wake of waiters.splice(0)) wake();
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });

  const exited = new Promise<Exit>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      for (const wake of waiters.splice(0)) wake();
      resolve({ code, signal });
    });
  });

  const waitForLine = async (predicate: (text: string) => boolean, timeoutMs = 8000): Promise<Line> => {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const found = lines.find((line) => predicate(line.text));
      if (found) return found;
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(
          `service exited (${child.exitCode ?? child.signalCode}) before the line; stdout: ${JSON.stringify(lines)}; stderr: ${stderr}`,
        );
      }
      const left = deadline - performance.now();
      if (left <= 0) {
        throw new Error(`timed out waiting for a line; stdout: ${JSON.stringify(lines)}; stderr: ${stderr}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  };

  // tsx compiles on start; give a loaded machine time.
  const listening = await waitForLine((text) => text.startsWith('listening '), 30_000);
  expect(listening.text).toBe(`listening ${port}`);
  return { child, port, lines, exited, waitForLine, stderr: () => stderr };
}

// A request on a brand-new connection (no keep-alive pool), so it cannot reuse a socket opened earlier.
const requestOnNewConnection = (port: number, path: string) =>
  new Promise<{ status: number } | { error: string }>((resolve) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, agent: false, timeout: 5000 }, (res) => {
      res.resume();
      res.once('end', () => resolve({ status: res.statusCode ?? 0 }));
      res.once('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    });
    req.once('timeout', () => req.destroy(new Error('timeout')));
    req.once('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    req.end();
  });

async function inFlightRequestSurvives(signal: NodeJS.Signals) {
  const service = await startSlowService();
  const { child, port } = service;

  const startedAt = performance.now();
  const slow = fetch(`http://127.0.0.1:${port}/slow?ms=${slowMs}`).then(async (response) => ({
    status: response.status,
    body: (await response.json()) as unknown,
    at: performance.now(),
  }));
  // Keep the rejection observable by the assertion below rather than as an unhandled rejection.
  slow.catch(() => undefined);

  await service.waitForLine((text) => text === 'received /slow');
  await sleep(Math.max(0, 150 - (performance.now() - startedAt)));
  const signalledAt = performance.now();
  expect(child.kill(signal)).toBe(true);

  // While the slow request is still being served, a new connection must not be served normally.
  await sleep(300);
  expect(child.exitCode).toBeNull();
  const late = await requestOnNewConnection(port, '/health/live');
  expect(late).not.toEqual({ status: 200 });
  if ('status' in late) {
    expect(late.status).toBe(503);
  } else {
    expect(late.error).toMatch(/ECONNREFUSED|ECONNRESET/);
  }

  const response = await slow;
  expect(response.status).toBe(200);
  expect(response.body).toEqual({ done: true });
  expect(response.at - startedAt).toBeGreaterThanOrEqual(slowMs - 5);

  // The client (undici's fetch, like any real keep-alive client) keeps its connection open after the
  // response; shutdown must not wait for that idle connection to time out.
  const exit = await within(
    service.exited,
    3000,
    () =>
      `service did not exit within 3 s after the in-flight request was answered (an idle keep-alive connection holding app.close()?); stdout: ${JSON.stringify(service.lines)}; stderr: ${service.stderr()}`,
  );
  expect(exit, `stderr: ${service.stderr()}`).toEqual({ code: 0, signal: null });

  const texts = service.lines.map((line) => line.text);
  expect(texts).toContain('closed');
  // `closed` (onClosed, i.e. resources released) comes only after the in-flight request was answered…
  const respondedIndex = texts.indexOf('responded /slow 200');
  expect(respondedIndex).toBeGreaterThanOrEqual(0);
  expect(texts.indexOf('closed')).toBeGreaterThan(respondedIndex);
  // …and, by the clock, not before the slow handler could have finished: the handler waited slowMs
  // after the request started, so `closed` cannot have been printed any earlier than that.
  const closed = service.lines.find((line) => line.text === 'closed')!;
  expect(closed.at - startedAt).toBeGreaterThanOrEqual(slowMs - 5);
  expect(closed.at).toBeGreaterThan(signalledAt);
}

describe('runService graceful shutdown (real process)', () => {
  it('completes a request in flight when SIGTERM arrives, then releases resources and exits 0', async () => {
    await inFlightRequestSurvives('SIGTERM');
  }, 45_000);

  it('behaves the same on SIGINT', async () => {
    await inFlightRequestSurvives('SIGINT');
  }, 45_000);
});
