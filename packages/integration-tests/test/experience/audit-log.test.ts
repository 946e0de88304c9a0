// The audit log the sign-in experience and the token endpoint leave, read back through the
// Management API as the console's audit log page reads it: every step under Logto's key, failures
// with their error code, the app and (once known) the user named, newest first and filterable.
import { defaultTenantId } from '@idp/db';
import { hashPassword } from '@idp/password';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callApi,
  createManagementClient,
  ExperienceFlow,
  insertUser,
  managementToken,
  registerSpa,
  startTestStack,
  type TestStack,
} from '../../src/index.ts';

let stack: TestStack;
let token: string;
const password = 'Plenty-of-entropy-42';

type LogRow = { id: string; key: string; payload: Record<string, unknown>; createdAt: number };

/** The logs a filter finds, once the writer has flushed the entries a step left (a batch every 200 ms). */
async function logsFound(query: string, atLeast: number): Promise<LogRow[]> {
  for (let attempt = 0; ; attempt += 1) {
    const response = await callApi(stack.userUrl, token, 'GET', `/api/logs?${query}`);
    expect(response.status).toBe(200);
    const rows = response.body as LogRow[];
    if (rows.length >= atLeast || attempt === 50) return rows;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  stack = await startTestStack();
  token = await managementToken(stack.userUrl, (await createManagementClient(stack)).app);
});
afterAll(async () => stack?.stop());

describe('the sign-in experience in the audit log', () => {
  it('records a failed password with its error, and a sign-in from the app with the user', async () => {
    const person = await insertUser(stack.database.db, defaultTenantId, { username: 'audited_person', ...(await hashPassword(password)) });
    const { app, rp } = await registerSpa(stack);
    const flow = new ExperienceFlow(stack);
    await flow.start(rp);
    expect((await flow.api('PUT', '', { interactionEvent: 'SignIn' })).status).toBe(204);
    const wrong = await flow.api('POST', '/verification/password', {
      identifier: { type: 'username', value: 'audited_person' },
      password: 'not-the-password',
    });
    expect(wrong.status).toBe(422);

    const failedKey = 'Interaction.SignIn.Verification.Password.Submit';
    const [failed] = await logsFound(`logKey=${failedKey}&applicationId=${app.id}`, 1);
    expect(failed).toMatchObject({
      key: failedKey,
      payload: {
        key: failedKey,
        result: 'Error',
        error: { code: wrong.body.code },
        applicationId: app.id,
        interactionEvent: 'SignIn',
        ip: expect.any(String),
      },
    });

    await flow.signInWithPassword('audited_person', password);
    const tokens = await flow.redeem(rp, await flow.submitAndReturn());
    const submitted = await logsFound(`logKey=Interaction.SignIn.Submit&userId=${person.id}`, 1);
    expect(submitted).toHaveLength(1);
    expect(submitted[0]!.payload).toMatchObject({ result: 'Success', userId: person.id, applicationId: app.id });

    // The user's own log (the console's user page) lists the steps that named them, newest first.
    const ofUser = await callApi(stack.userUrl, token, 'GET', `/api/users/${person.id}/logs`);
    const keys = (ofUser.body as LogRow[]).map(({ key }) => key);
    expect(keys).toEqual(expect.arrayContaining(['Interaction.End', 'Interaction.SignIn.Submit', 'Interaction.SignIn.Identifier.Submit']));
    const times = (ofUser.body as LogRow[]).map(({ createdAt }) => createdAt);
    expect(times).toEqual([...times].sort((a, b) => b - a));

    // The token requests too, under Logto's ExchangeTokenBy keys: the code redeemed, and a refresh
    // token that is not one refused.
    const [exchanged] = await logsFound(`logKey=ExchangeTokenBy.AuthorizationCode&userId=${person.id}`, 1);
    expect(exchanged!.payload).toMatchObject({ result: 'Success', applicationId: app.id, userId: person.id });
    expect(tokens.access_token).toBeTruthy();
    const refused = await fetch(`${stack.userUrl}/oidc/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'not-a-token', client_id: app.id }),
    });
    expect(refused.status).toBe(400);
    const [failedRefresh] = await logsFound(`logKey=ExchangeTokenBy.RefreshToken&applicationId=${app.id}`, 1);
    expect(failedRefresh!.payload).toMatchObject({ result: 'Error', error: { code: 'oidc.invalid_grant' } });
  });

  it('does not log routes that only read, and never another tenant', async () => {
    const before = await logsFound('logKey=Interaction.SignIn.Create', 0);
    const flow = new ExperienceFlow(stack);
    await flow.start((await registerSpa(stack)).rp);
    expect((await flow.api('GET', '/interaction')).status).toBeLessThan(500);
    expect((await flow.api('PUT', '', { interactionEvent: 'SignIn' })).status).toBe(204);
    const after = await logsFound('logKey=Interaction.SignIn.Create', before.length + 1);
    expect(after).toHaveLength(before.length + 1);
    const admin = await stack.database.db.execute(
      `select count(*)::int as n from logs where tenant_id = 'admin' and key like 'Interaction.%'`,
    );
    expect((admin.rows[0] as { n: number }).n).toBe(0);
  });
});
