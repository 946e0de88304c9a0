// The Experience API acts on the browser's interaction cookie, so a page of another site must not
// be able to make the browser call it: state-changing requests whose Origin is not the endpoint's
// own are refused, while the sign-in UI (same origin) and server-side clients (no Origin) work.
import type * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExperienceFlow, registerSpa, startTestStack, type TestStack } from '../../src/index.ts';

let stack: TestStack;
let rp: client.Configuration;

beforeAll(async () => {
  stack = await startTestStack();
  ({ rp } = await registerSpa(stack));
});
afterAll(async () => stack?.stop());

async function startInteraction(origin: string | undefined) {
  const flow = new ExperienceFlow(stack);
  await flow.start(rp);
  return flow.session.fetch(`${stack.userUrl}/api/experience`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', ...(origin === undefined ? {} : { origin }) },
    body: JSON.stringify({ interactionEvent: 'SignIn' }),
  });
}

describe('Experience API origin check', () => {
  it('refuses a state-changing request from another origin with 403', async () => {
    const response = await startInteraction('https://evil.example');
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ code: 'auth.forbidden' });
  });

  it('refuses the opaque origin of a sandboxed frame or a file', async () => {
    expect((await startInteraction('null')).status).toBe(403);
  });

  it("accepts the endpoint's own origin, and requests without one", async () => {
    expect((await startInteraction(stack.userUrl)).status).toBe(204);
    expect((await startInteraction(undefined)).status).toBe(204);
  });
});
