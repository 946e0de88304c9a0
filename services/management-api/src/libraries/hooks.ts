// The rules of webhooks: where a hook may send (the deployment's outbound guard, checked when the
// URL is set and again by the worker for every request), how a hook is shown, and the sample
// payloads of `POST /api/hooks/:id/test`.
import { RequestError } from '@idp/errors';
import { sendHookRequest } from '@idp/hook-events';
import { OutboundRefusedError, type Outbound } from '@idp/outbound';
import { interactionHookEvents, type Hook, type HookEvent, type HookResponse, type JsonObject, type TestHookBody } from '@idp/schemas';

export const toHookResponse = ({ tenantId, id, name, event, events, signingKey, config, enabled, createdAt }: Hook): HookResponse => ({
  tenantId,
  id,
  name,
  event: event ?? null,
  events,
  signingKey,
  config,
  enabled,
  createdAt: createdAt.getTime(),
});

/**
 * Refuses a URL that is not http(s), or whose host is (or resolves to) a loopback, private,
 * link-local or metadata address the allow-list does not name. A name that does not resolve now
 * is accepted: the worker checks every request again.
 */
export async function assertHookUrlAllowed(url: string, outbound: Outbound): Promise<void> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RequestError('guard.invalid_input', { message: 'The hook URL is not a valid URL.', data: { url } });
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new RequestError('guard.invalid_input', { message: 'The hook URL must be http or https.', data: { url } });
  }
  if (parsed.username || parsed.password) {
    throw new RequestError('guard.invalid_input', { message: 'The hook URL must not hold credentials; use headers.', data: { url } });
  }
  try {
    await outbound.resolve(parsed.hostname);
  } catch (error) {
    if (error instanceof OutboundRefusedError) {
      throw new RequestError('guard.invalid_input', { message: `The hook URL is not allowed: ${error.message}`, data: { url } });
    }
  }
}

const interactionEventOf: Record<string, string> = { PostRegister: 'Register', PostSignIn: 'SignIn', PostResetPassword: 'ForgotPassword' };

const sampleUser = {
  id: 'sample-user-id',
  username: 'sample_user',
  primaryEmail: 'user@example.com',
  primaryPhone: null,
  name: 'Sample User',
  avatar: null,
  customData: {},
  identities: {},
  isSuspended: false,
  lastSignInAt: null,
  createdAt: 0,
};

/** What Logto's test sends: an event's shape with made-up values. */
function samplePayload(hookId: string, event: HookEvent): JsonObject {
  const base = { hookId, event, createdAt: new Date().toISOString() };
  if ((interactionHookEvents as readonly string[]).includes(event)) {
    return {
      ...base,
      interactionEvent: interactionEventOf[event]!,
      sessionId: 'sample-session-id',
      userAgent: 'sample user agent',
      userIp: '203.0.113.1',
      userId: sampleUser.id,
      user: sampleUser,
      applicationId: 'sample-application-id',
      application: { id: 'sample-application-id', type: 'SPA', name: 'Sample app', description: null },
    };
  }
  return { ...base, path: '/sample', method: 'POST', status: 200, params: {}, matchedRoute: '/sample', data: { id: 'sample-id' } };
}

export const testTimeoutMs = 10_000;

/** Sends one sample per event to the given config, signed with the hook's key; any failure is the answer. */
export async function sendTestPayloads(hook: Hook, body: TestHookBody, outbound: Outbound): Promise<void> {
  for (const event of body.events) {
    let response: { status: number; body: string };
    try {
      response = await sendHookRequest(
        outbound,
        { url: body.config.url, headers: body.config.headers, signingKey: hook.signingKey, body: samplePayload(hook.id, event) },
        { timeoutMs: testTimeoutMs, bodyLimit: 2_048 },
      );
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new RequestError('hook.send_test_payload_failed', { message: `Failed to send the test payload: ${reason}` });
    }
    if (response.status < 200 || response.status >= 300) {
      throw new RequestError('hook.endpoint_responded_with_error', {
        message: `The endpoint responded with ${response.status}.`,
        data: { responseStatus: response.status, responseBody: response.body },
      });
    }
  }
}
