// An administrator may suspend an account while its owner is half-way through signing in. The
// check at identification has passed by then, so `submit` must look again: a suspended user gets
// no redirect to the app, no session, and the sign-in is not recorded as having happened.
import { defaultTenantId } from '@idp/db';
import { hashPassword } from '@idp/password';
import { oidcModelInstances, users } from '@idp/schemas';
import { and, eq, sql } from 'drizzle-orm';
import type * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createManagementClient,
  ExperienceFlow,
  insertUser,
  startTestStack,
  type ManagementApiClient,
  type TestStack,
  registerSpa,
} from '../../src/index.ts';

let stack: TestStack;
let rp: client.Configuration;
let api: ManagementApiClient;

beforeAll(async () => {
  stack = await startTestStack();
  ({ rp } = await registerSpa(stack));
  api = (await createManagementClient(stack)).apiClient;
});
afterAll(async () => stack?.stop());

const password = 'Plenty-of-entropy-42';
const earlierSignIn = new Date('2026-01-02T03:04:05.000Z');

const findUser = async (id: string) =>
  (
    await stack.database.db
      .select()
      .from(users)
      .where(and(eq(users.tenantId, defaultTenantId), eq(users.id, id)))
  )[0]!;

describe('a user suspended between identification and submit', () => {
  it('gets 401 user.suspended at submit, no redirect, no session, and lastSignInAt stays as it was', async () => {
    const user = await insertUser(stack.database.db, defaultTenantId, { lastSignInAt: earlierSignIn, ...(await hashPassword(password)) });
    const flow = new ExperienceFlow(stack);
    await flow.start(rp);
    await flow.signInWithPassword(user.username!, password);

    const suspended = await api.PATCH('/api/users/{userId}/is-suspended', {
      params: { path: { userId: user.id } },
      body: { isSuspended: true },
    });
    expect(suspended.response.status).toBe(200);
    expect(suspended.data).toMatchObject({ id: user.id, isSuspended: true });

    const submitted = await flow.api('POST', '/submit');
    expect(submitted).toMatchObject({ status: 401, body: { code: 'user.suspended' } });
    expect(submitted.body).not.toHaveProperty('redirectTo');

    expect((await findUser(user.id)).lastSignInAt).toEqual(earlierSignIn);
    const sessions = await stack.database.db
      .select({ id: oidcModelInstances.id })
      .from(oidcModelInstances)
      .where(
        and(
          eq(oidcModelInstances.tenantId, defaultTenantId),
          eq(oidcModelInstances.modelName, 'Session'),
          sql`${oidcModelInstances.payload}->>'accountId' = ${user.id}`,
        ),
      );
    expect(sessions).toEqual([]);
  });
});
