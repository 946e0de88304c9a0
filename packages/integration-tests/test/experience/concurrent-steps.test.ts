import { defaultTenantId } from '@idp/db';
import { hashPassword } from '@idp/password';
import type { InteractionDetails, PublicInteractionResponse } from '@idp/schemas';
import { internalSecretHeader, tenantHeader } from '@idp/server-kit';
import type * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExperienceFlow, insertUser, startTestStack, type TestStack, registerSpa } from '../../src/index.ts';

// Two steps of one sign-in sent at the same time (a double click, a page and its preflight) each
// read the experience, change it and save it back. Saves are versioned: neither may silently drop
// what the other added. A step either keeps its record or answers 409 session.interaction_conflict.
let stack: TestStack;
let rp: client.Configuration;
const password = 'Plenty-of-entropy-42';

beforeAll(async () => {
  stack = await startTestStack();
  ({ rp } = await registerSpa(stack));
});
afterAll(async () => stack?.stop());

async function signInStarted() {
  const username = `user_${Math.random().toString(36).slice(2, 10)}`;
  await insertUser(stack.database.db, defaultTenantId, { username, ...(await hashPassword(password)) });
  const flow = new ExperienceFlow(stack);
  await flow.start(rp);
  expect((await flow.api('PUT', '', { interactionEvent: 'SignIn' })).status).toBe(204);
  return { flow, identifier: { type: 'username', value: username } };
}

/** The oidc service's internal interaction API, called as the Experience API calls it. */
const internal = (flow: ExperienceFlow, path: string, init: { method?: string; body?: unknown } = {}) =>
  fetch(new URL(path, stack.serviceUrls.oidc), {
    method: init.method ?? 'GET',
    headers: {
      cookie: flow.session.cookieHeader(),
      [tenantHeader]: defaultTenantId,
      [internalSecretHeader]: stack.config.INTERNAL_SECRET,
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });

describe('concurrent steps on one interaction', () => {
  it('keeps the verification record of every parallel step that succeeded', async () => {
    for (let round = 0; round < 3; round += 1) {
      const { flow, identifier } = await signInStarted();
      const answers = await Promise.all([1, 2, 3].map(() => flow.api('POST', '/verification/password', { identifier, password })));
      for (const answer of answers) {
        if (answer.status !== 200) expect(answer).toMatchObject({ status: 409, body: { code: 'session.interaction_conflict' } });
      }
      const succeeded = answers.filter(({ status }) => status === 200).map(({ body }) => body.verificationId);
      expect(succeeded.length).toBeGreaterThan(0);
      const state = (await flow.api('GET', '/interaction')).body as unknown as PublicInteractionResponse;
      expect(state.verificationRecords.map(({ id }) => id)).toEqual(expect.arrayContaining(succeeded));
    }
  });

  it('refuses a save over a version that is no longer the stored one, changing nothing', async () => {
    const { flow } = await signInStarted();
    const read = (await (await internal(flow, '/internal/interaction')).json()) as InteractionDetails;
    // Only the contract's fields: oidc-provider's prompt and raw result never leave the service.
    expect(Object.keys(read).sort()).toEqual(['experience', 'params', 'uid', 'version']);
    expect(read.experience).toMatchObject({ interactionEvent: 'SignIn', verificationRecords: [] });

    const first = await internal(flow, '/internal/interaction/experience', {
      method: 'PUT',
      body: { experience: { ...read.experience!, interactionEvent: 'Register' }, version: read.version },
    });
    expect(first.status).toBe(200);
    // A save also answers the rest of what a read would, so the next step need not read again.
    expect(await first.json()).toEqual({ version: read.version + 1, uid: read.uid, params: read.params });

    const stale = await internal(flow, '/internal/interaction/experience', {
      method: 'PUT',
      body: { experience: null, version: read.version },
    });
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({ code: 'session.interaction_conflict' });
    const finish = await internal(flow, '/internal/interaction/result', {
      method: 'POST',
      body: { error: 'access_denied', version: read.version },
    });
    expect(finish.status).toBe(409);

    const after = (await (await internal(flow, '/internal/interaction')).json()) as InteractionDetails;
    expect(after).toMatchObject({ version: read.version + 1, experience: { interactionEvent: 'Register' } });
  });

  it('restarts the experience even while another step saves', async () => {
    const { flow, identifier } = await signInStarted();
    const [verified, restarted] = await Promise.all([
      flow.api('POST', '/verification/password', { identifier, password }),
      flow.api('PUT', '', { interactionEvent: 'SignIn' }),
    ]);
    // A restart replaces the experience whatever it holds, so it never answers 409; the password
    // step either landed before it (and was replaced) or after it (and is kept), or was told.
    expect(restarted.status).toBe(204);
    expect([200, 409]).toContain(verified.status);
  });
});
