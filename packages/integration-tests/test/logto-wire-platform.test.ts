// What every service does the way Logto does, through the gateway: a JSON content type with an
// empty body is `{}`, answers name their request in `Logto-Core-Request-Id`, a missing file under a
// frontend's build folders is 404 rather than the app's page, and a phone number is one user however
// it is typed.
import { defaultTenantId, generateId } from '@idp/db';
import { connectors, signInExperiences, users } from '@idp/schemas';
import { and, eq } from 'drizzle-orm';
import { requestIdResponseHeader } from '@idp/server-kit';
import type * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExperienceFlow, registerSpa, startManagementTest, startSmsReceiver, type ManagementTest } from '../src/index.ts';

let test: ManagementTest;
let rp: client.Configuration;
beforeAll(async () => {
  test = await startManagementTest();
  ({ rp } = await registerSpa(test.stack));
});
afterAll(async () => test?.stack.stop());

/** A POST with a JSON content type and no body, as `fetch` sends it with only the header set. */
const emptyJsonPost = (base: string, path: string, headers: Record<string, string> = {}) =>
  fetch(new URL(path, base), { method: 'POST', headers: { 'content-type': 'application/json', ...headers } });

const codeOf = async (response: Response) => ((await response.json()) as { code?: string }).code;

describe('an empty body with a JSON content type is the empty object', () => {
  it.each([
    ['/api/experience/no-such-step', 'experience-api'],
    ['/api/my-account/no-such-thing', 'account-api'],
    ['/api/verifications/no-such-thing', 'account-api'],
  ])('at %s (%s) the request goes on to routing', async (path) => {
    const response = await emptyJsonPost(test.stack.userUrl, path);
    expect(await codeOf(response)).not.toBe('request.invalid_json');
    expect(response.status).not.toBe(400);
  });

  it('reaches the Management API as {}: the body is then validated as one', async () => {
    const response = await emptyJsonPost(test.stack.userUrl, '/api/applications', { authorization: `Bearer ${test.token}` });
    expect(response.status).toBe(400);
    expect(await codeOf(response)).toBe('guard.invalid_input');
  });

  it('reaches the Experience API as {}: submit answers about the interaction, not the body', async () => {
    const flow = new ExperienceFlow(test.stack);
    await flow.start(rp);
    expect((await flow.api('PUT', '', { interactionEvent: 'SignIn' })).status).toBe(204);
    const response = await flow.session.fetch(`${test.stack.userUrl}/api/experience/submit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(404);
    expect(await codeOf(response)).toBe('session.identifier_not_found');
  });

  it('still refuses a body that is not JSON', async () => {
    const response = await fetch(new URL('/api/experience/submit', test.stack.userUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"a":',
    });
    expect(response.status).toBe(400);
    expect(await codeOf(response)).toBe('request.invalid_json');
  });
});

describe('request ids', () => {
  it('names every answer in Logto-Core-Request-Id: APIs, OIDC, errors and pages, each its own', async () => {
    const answers = await Promise.all(
      ['/api/status', '/oidc/.well-known/openid-configuration', '/api/no-such-thing', '/sign-in', '/api/experience/interaction'].map(
        (path) => fetch(new URL(path, test.stack.userUrl)),
      ),
    );
    const ids = answers.map((response) => response.headers.get(requestIdResponseHeader));
    for (const id of ids) expect(id).toMatch(/^[\w-]{16}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect(requestIdResponseHeader).toBe('logto-core-request-id');
  });

  it('is decided by the gateway, not by a request id the client sends', async () => {
    const response = await fetch(new URL('/api/status', test.stack.userUrl), { headers: { 'x-request-id': 'chosen-by-client' } });
    expect(response.headers.get(requestIdResponseHeader)).not.toBe('chosen-by-client');
    expect(response.headers.get(requestIdResponseHeader)).toMatch(/^[\w-]{16}$/);
  });
});

describe('frontend build folders', () => {
  it.each(['/assets/missing', '/assets/missing-chunk.js', '/assets/deeper/missing', '/demo-app/assets/missing'])(
    '%s is 404, not the page',
    async (path) => {
      const response = await fetch(new URL(path, test.stack.userUrl));
      expect(response.status).toBe(404);
      expect(await codeOf(response)).toBe('request.not_found');
    },
  );

  it('still serves the page for client-side routes and the files that exist', async () => {
    expect((await fetch(new URL('/sign-in/assets-like', test.stack.userUrl))).status).toBe(200);
    expect((await fetch(new URL('/assetsx', test.stack.userUrl))).status).toBe(200);
    expect((await fetch(new URL('/assets/ui-abc123.js', test.stack.userUrl))).status).toBe(200);
    expect((await fetch(new URL('/console/assets/missing', test.stack.adminUrl))).status).toBe(404);
  });
});

describe('phone numbers', () => {
  it('registering with +61 0412 345 678 and signing in with 61412345678 is one user, stored as Logto stores it', async () => {
    const receiver = await startSmsReceiver();
    const { texts } = receiver;
    const { db } = test.stack.database;
    try {
      await db.insert(connectors).values({
        tenantId: defaultTenantId,
        id: generateId(),
        connectorId: 'http-sms',
        config: { endpoint: receiver.endpoint },
      });
      await db
        .update(signInExperiences)
        .set({
          signUp: { identifiers: ['phone'], password: false, verify: true },
          signIn: { methods: [{ identifier: 'phone', password: false, verificationCode: true, isPasswordPrimary: false }] },
        })
        .where(eq(signInExperiences.tenantId, defaultTenantId));

      const withCode = async (interactionEvent: 'Register' | 'SignIn', typed: string) => {
        const flow = new ExperienceFlow(test.stack);
        await flow.start(rp);
        await flow.api('PUT', '', { interactionEvent });
        const identifier = { type: 'phone', value: typed };
        const sent = await flow.api('POST', '/verification/verification-code', { identifier, interactionEvent });
        expect(sent.status, JSON.stringify(sent.body)).toBe(200);
        const text = texts.at(-1)!;
        expect(text.to).toBe('61412345678');
        const verified = await flow.api('POST', '/verification/verification-code/verify', {
          identifier,
          verificationId: sent.body.verificationId,
          code: text.payload.code,
        });
        expect(verified.status).toBe(200);
        return { flow, verificationId: sent.body.verificationId };
      };

      const registration = await withCode('Register', '+61 0412 345 678');
      expect((await registration.flow.api('POST', '/identification', { verificationId: registration.verificationId })).status).toBe(201);
      const registered = (await registration.flow.redeem(rp, await registration.flow.submitAndReturn())).claims()!.sub;
      const stored = await db
        .select({ phone: users.primaryPhone })
        .from(users)
        .where(and(eq(users.tenantId, defaultTenantId), eq(users.id, registered)));
      expect(stored).toEqual([{ phone: '61412345678' }]);

      for (const typed of ['61412345678', '610412345678', '+61 412 345 678']) {
        const signIn = await withCode('SignIn', typed);
        expect((await signIn.flow.api('POST', '/identification', { verificationId: signIn.verificationId })).status, typed).toBe(204);
        expect((await signIn.flow.redeem(rp, await signIn.flow.submitAndReturn())).claims()!.sub, typed).toBe(registered);
      }
      // Registering the same number typed another way finds it taken.
      const again = await withCode('Register', '610412345678');
      expect(await again.flow.api('POST', '/identification', { verificationId: again.verificationId })).toMatchObject({
        status: 422,
        body: { code: 'user.phone_already_in_use' },
      });
    } finally {
      await receiver.close();
    }
  });
});
