// One webhook request as Logto sends it: a JSON POST signed with the hook's key
// (`logto-signature-sha-256`, the hex HMAC-SHA256 of the raw body), through the deployment's
// outbound guard, with a deadline, no redirects, and at most `bodyLimit` bytes of the answer kept.
import { createHmac } from 'node:crypto';
import type { Outbound } from '@idp/outbound';

export const signatureHeader = 'logto-signature-sha-256';
/** The event id receivers de-duplicate on: the same for every attempt of one delivery. */
export const eventIdHeader = 'logto-webhook-event-id';
export const hookUserAgent = 'Logto (https://logto.io/)';

export function signHookBody(signingKey: string, rawBody: string): string {
  return createHmac('sha256', signingKey).update(rawBody).digest('hex');
}

export type HookRequest = {
  url: string;
  headers?: Record<string, string>;
  signingKey: string;
  body: Record<string, unknown>;
  eventId?: string;
};

export type HookResponse = { status: number; body: string };

export type SendOptions = { timeoutMs: number; bodyLimit: number };

/** Reads at most `limit` bytes of the body, then stops reading, so a huge answer costs nothing. */
async function readLimited(response: Response, limit: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < limit) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  return Buffer.concat(chunks).subarray(0, limit).toString('utf8');
}

/**
 * Sends the request; resolves with the status and body excerpt whatever the status (a 3xx is an
 * answer, never followed). Rejects on a network error, a refused address or the deadline.
 */
export async function sendHookRequest(outbound: Outbound, request: HookRequest, options: SendOptions): Promise<HookResponse> {
  const rawBody = JSON.stringify(request.body);
  // Customised headers may replace the user agent and content type (as in Logto), not the signature.
  const headers: Record<string, string> = {
    'user-agent': hookUserAgent,
    'content-type': 'application/json',
    ...lowerCaseKeys(request.headers ?? {}),
    [signatureHeader]: signHookBody(request.signingKey, rawBody),
    ...(request.eventId ? { [eventIdHeader]: request.eventId } : {}),
  };
  const signal = AbortSignal.timeout(options.timeoutMs);
  const response = await outbound.fetch(request.url, { method: 'POST', headers, body: rawBody, redirect: 'manual', signal });
  const body = await readLimited(response, options.bodyLimit);
  return { status: response.status, body };
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([key, value]) => [key.toLowerCase(), value]));
}
