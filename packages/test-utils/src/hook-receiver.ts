// A webhook receiver on loopback for tests (the webhooks service's and the whole stack's): records
// every request, raw body included, and answers as the test tells it, per path.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

export type Received = { path: string; headers: IncomingHttpHeaders; rawBody: string; body: Record<string, unknown>; at: number };
export type Answer = (request: Received, count: number) => { status: number; body?: string; delayMs?: number } | Promise<never>;

export type Receiver = {
  url(path: string): string;
  received(path: string): Received[];
  answer(path: string, answer: Answer): void;
  close(): Promise<void>;
};

const defaultAnswer: Answer = () => ({ status: 200 });

export async function startReceiver(): Promise<Receiver> {
  const received = new Map<string, Received[]>();
  const answers = new Map<string, Answer>();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const path = request.url ?? '/';
      const entry: Received = { path, headers: request.headers, rawBody, body: JSON.parse(rawBody || '{}'), at: Date.now() };
      const list = received.get(path) ?? [];
      list.push(entry);
      received.set(path, list);
      const { status, body, delayMs } = await (answers.get(path) ?? defaultAnswer)(entry, list.length);
      if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
      if (!response.destroyed) response.writeHead(status, { 'content-type': 'text/plain' }).end(body ?? 'ok');
    });
  });
  server.keepAliveTimeout = 1;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    received: (path) => received.get(path) ?? [],
    answer: (path, answer) => answers.set(path, answer),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
