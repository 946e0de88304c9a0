import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One message the `http-sms` connector posted, with the Authorization header it sent. */
export type ReceivedText = { to: string; type: string; payload: { code: string }; authorization?: string };

export type SmsReceiver = {
  /** The URL to configure as the `http-sms` connector's `endpoint`. */
  endpoint: string;
  /** Every message received, oldest first. */
  texts: ReceivedText[];
  close(): Promise<void>;
};

/** A real HTTP server on loopback standing in for an SMS gateway, for the flows that text codes. */
export async function startSmsReceiver(): Promise<SmsReceiver> {
  const texts: ReceivedText[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      texts.push({ ...(JSON.parse(body) as Omit<ReceivedText, 'authorization'>), authorization: request.headers.authorization });
      response.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`,
    texts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
