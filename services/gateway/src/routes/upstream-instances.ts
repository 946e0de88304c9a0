// The instances of one service behind the gateway, as the dispatcher @fastify/reply-from sends
// proxied requests to. A service may run several instances (its *_URL or *_SOCKET setting lists
// them, comma-separated): requests are spread over them in turn, and a request that an instance
// refused before it could act on it goes to another one, so a rolling restart loses nothing.
// Every request has a deadline: connecting is bounded, and so is the wait for the answer across all
// tries, so no client waits on an instance that went away.
import { performance } from 'node:perf_hooks';
import type { Readable } from 'node:stream';
import { RequestError } from '@idp/errors';
import { defaultBodyLimit, drainingHeader } from '@idp/server-kit';
import { isUploadRoute, uploadBodyLimit } from '@idp/user-assets/limits';
import { Pool, type Dispatcher } from 'undici';

export type InstanceTimeouts = { connectTimeoutMs: number; responseTimeoutMs: number };

/** GATEWAY_CONNECT_TIMEOUT_MS and GATEWAY_RESPONSE_TIMEOUT_MS unless set. */
export const defaultInstanceTimeouts: InstanceTimeouts = { connectTimeoutMs: 2000, responseTimeoutMs: 30_000 };

type Instance = { pool: Pool; address: string; avoidUntil: number };
type Callback = (error: Error | null, data?: Dispatcher.ResponseData) => void;
type RequestOptions = Dispatcher.RequestOptions & { body?: unknown };

const socketScheme = 'unix+http://';
/** An instance that refused a request gets no new ones for this long, unless every other did too. */
const avoidMs = 1000;

// Failures before the instance could read a byte of the request: nothing happened there, so any
// request may go elsewhere.
const refusedBeforeSending = new Set(['ECONNREFUSED', 'ENOENT', 'UND_ERR_CONNECT_TIMEOUT', 'EADDRNOTAVAIL']);
// The connection broke after the request went out; only a request that changes nothing may be sent again.
const brokenAfterSending = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE', 'UND_ERR_CLOSED']);
const idempotentMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Splits a *_URL or gateway proxy target into its instances' addresses. */
export const instanceAddresses = (list: string) =>
  list
    .split(',')
    .map((address) => address.trim())
    .filter((address) => address !== '');

const poolFor = (address: string, timeouts: InstanceTimeouts) => {
  const options: Pool.Options = {
    connectTimeout: timeouts.connectTimeoutMs,
    headersTimeout: timeouts.responseTimeoutMs,
    bodyTimeout: timeouts.responseTimeoutMs,
  };
  if (address.startsWith(socketScheme)) {
    return new Pool('http://localhost', { ...options, socketPath: decodeURIComponent(address.slice(socketScheme.length)) });
  }
  return new Pool(new URL(address).origin, options);
};

// Bodies stream in unparsed; they are read whole (at most the body limit) so a refused request can
// be sent again, and so a failed upstream request never destroys the client's own request stream.
function readBody(stream: Readable, limit: number, done: (error: Error | null, body?: Buffer) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let finished = false;
  const finish = (error: Error | null, body?: Buffer) => {
    if (finished) return;
    finished = true;
    done(error, body);
  };
  stream.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > limit) {
      stream.removeAllListeners('data');
      finish(new RequestError('request.payload_too_large'));
      return;
    }
    chunks.push(chunk);
  });
  stream.once('end', () => finish(null, chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size)));
  stream.once('error', (error) => finish(error));
  stream.once('close', () => finish(Object.assign(new Error('request aborted'), { code: 'UND_ERR_ABORTED' })));
}

const timedOut = () => Object.assign(new Error('no answer from the service in time'), { code: 'UND_ERR_HEADERS_TIMEOUT' });

export class UpstreamInstances {
  readonly #instances: Instance[];
  readonly #timeouts: InstanceTimeouts;
  readonly #maxTries: number;
  #next = 0;

  constructor(addresses: string[], timeouts: InstanceTimeouts) {
    if (addresses.length === 0) throw new Error('a service needs at least one address');
    this.#timeouts = timeouts;
    this.#instances = addresses.map((address) => ({ pool: poolFor(address, timeouts), address, avoidUntil: 0 }));
    // One more try than instances: with a single instance, a kept-alive connection it had just
    // closed is worth one retry on a fresh connection.
    this.#maxTries = Math.min(addresses.length + 1, 4);
  }

  /** The dispatcher interface reply-from calls (its `undici` option). */
  request(options: RequestOptions, callback: Callback): void {
    const startedAt = performance.now();
    const body = options.body as Readable | string | Buffer | undefined;
    if (body !== undefined && typeof body === 'object' && typeof (body as Readable).pipe === 'function') {
      // Uploads (avatars, logos) may be larger than other bodies.
      const limit = isUploadRoute(options.method, options.path) ? uploadBodyLimit : defaultBodyLimit;
      readBody(body as Readable, limit, (error, buffer) => {
        if (error) {
          callback(error);
          return;
        }
        options.body = buffer;
        this.#attempt(options, callback, startedAt, 1, undefined);
      });
      return;
    }
    this.#attempt(options, callback, startedAt, 1, undefined);
  }

  async close(): Promise<void> {
    await Promise.all(this.#instances.map(async ({ pool }) => pool.close()));
  }

  /** Called by reply-from on close with `destroyAgent`; the gateway closes the pools itself instead. */
  destroy(): void {}

  #pick(previous: Instance | undefined): Instance {
    const instances = this.#instances;
    const count = instances.length;
    if (count === 1) return instances[0]!;
    const now = performance.now();
    let fallback: Instance | undefined;
    for (let i = 0; i < count; i++) {
      const instance = instances[this.#next]!;
      this.#next = this.#next + 1 === count ? 0 : this.#next + 1;
      if (instance === previous) continue;
      if (instance.avoidUntil <= now) return instance;
      fallback ??= instance;
    }
    // Every other instance refused lately: one of them may be back already.
    return fallback ?? previous ?? instances[0]!;
  }

  #attempt(options: RequestOptions, callback: Callback, startedAt: number, tries: number, previous: Instance | undefined): void {
    const left = this.#timeouts.responseTimeoutMs - (performance.now() - startedAt);
    if (left <= 0) {
      callback(timedOut());
      return;
    }
    const instance = this.#pick(previous);
    options.headersTimeout = Math.ceil(left);
    instance.pool.request(options as Dispatcher.RequestOptions, (error, data) => {
      if (error) {
        const code = (error as { code?: string }).code ?? '';
        const refused = refusedBeforeSending.has(code);
        if (refused) instance.avoidUntil = performance.now() + avoidMs;
        if (tries < this.#maxTries && (refused || (brokenAfterSending.has(code) && idempotentMethods.has(options.method)))) {
          this.#attempt(options, callback, startedAt, tries + 1, instance);
          return;
        }
        callback(error);
        return;
      }
      if (data.statusCode === 503 && data.headers[drainingHeader] === 'refused') {
        instance.avoidUntil = performance.now() + avoidMs;
        if (tries < this.#maxTries) {
          data.body.resume();
          this.#attempt(options, callback, startedAt, tries + 1, instance);
          return;
        }
      }
      callback(null, data);
    });
  }
}
