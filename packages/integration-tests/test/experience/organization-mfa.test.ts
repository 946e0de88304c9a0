// Organizations that require MFA, at sign-in through the real Experience API: with the sign-in
// experience's `organizationRequiredMfaPolicy` at `Mandatory`, a member of such an organization who
// has no factor must bind one before submit finishes, even where the tenant's own policy prompts for
// nothing; a member of an organization without the flag, or anyone under `NoPrompt`, signs in as usual.
import { generateId } from '@idp/db';
import type * as client from 'openid-client';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExperienceFlow, registerSpa, startManagementTest, type ManagementTest } from '../../src/index.ts';

let t: ManagementTest;
let rp: client.Configuration;
const password = 'Plenty-of-entropy-42';
const unique = (prefix: string) => `${prefix}_${generateId().slice(0, 8).toLowerCase()}`;

beforeAll(async () => {
  t = await startManagementTest();
  ({ rp } = await registerSpa(t.stack));
});
afterAll(async () => t?.stack.stop());

const setMfa = async (organizationRequiredMfaPolicy: 'Mandatory' | 'NoPrompt') => {
  const response = await t.call('PATCH', '/api/sign-in-exp', {
    mfa: { factors: ['Totp'], policy: 'NoPrompt', organizationRequiredMfaPolicy },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
};

/** A user made through the Management API, member of a new organization with or without the flag. */
async function member(isMfaRequired: boolean) {
  const username = unique('orgmfa');
  const user = await t.call('POST', '/api/users', { username, password });
  expect(user.status, JSON.stringify(user.body)).toBe(200);
  const userId = String((user.body as { id: string }).id);
  const organization = await t.call('POST', '/api/organizations', { name: unique('org'), isMfaRequired });
  expect(organization.status).toBe(201);
  const organizationId = String((organization.body as { id: string }).id);
  expect((await t.call('POST', `/api/organizations/${organizationId}/users`, { userIds: [userId] })).status).toBe(201);
  return { username, userId };
}

async function passwordFlow(username: string) {
  const flow = new ExperienceFlow(t.stack);
  await flow.start(rp);
  await flow.signInWithPassword(username, password);
  return flow;
}

describe('organization MFA requirement at sign-in', () => {
  it('makes a member of an organization requiring MFA bind a factor before submit, then verify it', async () => {
    await setMfa('Mandatory');
    const { username, userId } = await member(true);

    const flow = await passwordFlow(username);
    expect(await flow.api('POST', '/submit')).toMatchObject({
      status: 422,
      body: { code: 'user.missing_mfa', data: { availableFactors: ['Totp'], skippable: false } },
    });
    // Not skippable, as under the Mandatory policy.
    expect(await flow.api('POST', '/profile/mfa/mfa-skipped')).toMatchObject({
      status: 422,
      body: { code: 'session.mfa.mfa_policy_not_user_controlled' },
    });

    const created = await flow.api('POST', '/verification/totp/secret');
    expect(created.status).toBe(200);
    const secret = Secret.fromBase32(String(created.body.secret));
    const code = new TOTP({ secret }).generate();
    expect((await flow.api('POST', '/verification/totp/verify', { verificationId: created.body.verificationId, code })).status).toBe(200);
    expect((await flow.api('POST', '/profile/mfa', { type: 'Totp', verificationId: created.body.verificationId })).status).toBe(204);
    expect((await flow.redeem(rp, await flow.submitAndReturn())).claims()!.sub).toBe(userId);

    // With a factor bound, the next sign-in asks for it as any bound factor is asked for.
    const again = await passwordFlow(username);
    expect(await again.api('POST', '/submit')).toMatchObject({
      status: 403,
      body: { code: 'session.mfa.require_mfa_verification', data: { availableFactors: ['Totp'] } },
    });
  });

  it('lets a member of an organization without the flag sign in without a factor', async () => {
    await setMfa('Mandatory');
    const { username, userId } = await member(false);
    const flow = await passwordFlow(username);
    expect((await flow.redeem(rp, await flow.submitAndReturn())).claims()!.sub).toBe(userId);
  });

  it("leaves members alone at sign-in under Logto's default NoPrompt", async () => {
    await setMfa('NoPrompt');
    const { username, userId } = await member(true);
    const flow = await passwordFlow(username);
    expect((await flow.redeem(rp, await flow.submitAndReturn())).claims()!.sub).toBe(userId);
  });
});
