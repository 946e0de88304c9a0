// What the Account API tests share: a stack with mock email/SMS connectors, users signing in
// through Logto's own Node SDK (the access token is the opaque one for the OP itself), and plain
// HTTP calls through the gateway.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defaultTenantId, generateId } from '@idp/db';
import { hashPassword } from '@idp/password';
import { connectors, signInExperiences, type UpdateAccountCenterBody } from '@idp/schemas';
import { eq } from 'drizzle-orm';
import {
  callApi,
  callbackUrl,
  createLogtoNodeClient,
  createManagementClient,
  ExperienceFlow,
  insertApplication,
  insertUser,
  managementToken,
  startTestStack,
  type TestStack,
} from '../../src/index.ts';

export type Harness = Awaited<ReturnType<typeof startAccountApiTest>>;
export type Response = { status: number; body: Record<string, unknown> | undefined };

export const allScopes = ['email', 'phone', 'custom_data', 'identities', 'address'];

export async function startAccountApiTest() {
  const stack: TestStack = await startTestStack();
  const { db } = stack.database;
  const app = await insertApplication(db, defaultTenantId, {
    type: 'Traditional',
    oidcClientMetadata: { redirectUris: [callbackUrl], postLogoutRedirectUris: [] },
  });
  const adminToken = await managementToken(stack.userUrl, (await createManagementClient(stack)).app);
  const mockFolder = await mkdtemp(path.join(tmpdir(), 'idp-account-api-'));
  await db.insert(connectors).values([
    { tenantId: defaultTenantId, id: generateId(), connectorId: 'mock-email-service', config: { folder: mockFolder } },
    { tenantId: defaultTenantId, id: generateId(), connectorId: 'mock-short-message-service', config: { folder: mockFolder } },
  ]);
  // Users sign in with a password by username or email.
  await db
    .update(signInExperiences)
    .set({
      signIn: {
        methods: [
          { identifier: 'username', password: true, verificationCode: false, isPasswordPrimary: true },
          { identifier: 'email', password: true, verificationCode: false, isPasswordPrimary: true },
        ],
      },
    })
    .where(eq(signInExperiences.tenantId, defaultTenantId));

  /** Changes the account center settings through the Management API. */
  const setAccountCenter = async (body: UpdateAccountCenterBody) => {
    const { status } = await callApi(stack.userUrl, adminToken, 'PATCH', '/api/account-center', body);
    if (status !== 200) throw new Error(`PATCH /api/account-center answered ${status}`);
  };

  /**
   * Signs in through the Experience API as the SDK's app (a sign-in of its own: a new session), and
   * answers the SDK's access token for the OP and the refresh token the SDK keeps.
   */
  const signInSession = async (identifier: { type: 'username' | 'email'; value: string }, password: string, scopes = allScopes) => {
    const { logto, navigations, storage } = createLogtoNodeClient({
      endpoint: stack.userUrl,
      appId: app.id,
      appSecret: app.secret,
      scopes,
    });
    await logto.signIn(callbackUrl);
    const flow = new ExperienceFlow(stack);
    await flow.startAt(new URL(navigations.at(-1)!));
    const steps = [
      await flow.api('PUT', '', { interactionEvent: 'SignIn' }),
      await flow.api('POST', '/verification/password', { identifier, password }),
    ];
    steps.push(await flow.api('POST', '/identification', { verificationId: steps[1]!.body.verificationId }));
    const failed = steps.find(({ status }) => status >= 400);
    if (failed) throw new Error(`sign-in failed: ${failed.status} ${JSON.stringify(failed.body)}`);
    await logto.handleSignInCallback((await flow.submitAndReturn()).href);
    return { token: await logto.getAccessToken(), refreshToken: storage.get('refreshToken') };
  };
  const signIn = async (identifier: { type: 'username' | 'email'; value: string }, password: string, scopes = allScopes) =>
    (await signInSession(identifier, password, scopes)).token;

  /** Redeems a refresh token at the OP as the app: the HTTP status, and the new refresh token (they rotate). */
  const refresh = async (refreshToken: string) => {
    const response = await fetch(`${stack.userUrl}/oidc/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: app.id, client_secret: app.secret }),
    });
    const body = (await response.json()) as { refresh_token?: string };
    return { status: response.status, refreshToken: body.refresh_token };
  };

  let users = 0;
  /** A new user with a password, signed in: their id and access token. */
  const newUser = async (values: { primaryEmail?: string; primaryPhone?: string } = {}, scopes = allScopes) => {
    users += 1;
    const username = `account_user_${users}`;
    const password = `Account-api-${users}-password`;
    const user = await insertUser(db, defaultTenantId, { username, ...values, ...(await hashPassword(password)) });
    const { token, refreshToken } = await signInSession({ type: 'username', value: username }, password, scopes);
    return { id: user.id, username, password, token, refreshToken };
  };

  /** A plain HTTP call through the gateway's user endpoint (or another base URL). */
  const call = async (
    token: string | undefined,
    method: string,
    apiPath: string,
    body?: unknown,
    headers: Record<string, string> = {},
    baseUrl = stack.userUrl,
  ): Promise<Response> => {
    const response = await fetch(`${baseUrl}${apiPath}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
  };

  /** The last code the mock connector of that kind "sent". */
  const lastCode = async (kind: 'email' | 'phone') => {
    const file = path.join(mockFolder, kind === 'email' ? 'mock-email-service.json' : 'mock-short-message-service.json');
    return JSON.parse(await readFile(file, 'utf8')) as { address?: string; phone?: string; code: string; type: string };
  };

  /** Sends a code to the identifier and verifies it: the verified record's id. */
  const verifiedCodeRecord = async (token: string, identifier: { type: 'email' | 'phone'; value: string }) => {
    const sent = await call(token, 'POST', '/api/verifications/verification-code', { identifier });
    if (sent.status !== 201) throw new Error(`sending a code answered ${sent.status} ${JSON.stringify(sent.body)}`);
    const verificationId = sent.body!.verificationRecordId as string;
    const { code } = await lastCode(identifier.type);
    const verified = await call(token, 'POST', '/api/verifications/verification-code/verify', { identifier, verificationId, code });
    if (verified.status !== 200) throw new Error(`verifying a code answered ${verified.status} ${JSON.stringify(verified.body)}`);
    return verificationId;
  };

  /** A password verification record of the user. */
  const passwordRecord = async (token: string, password: string) => {
    const created = await call(token, 'POST', '/api/verifications/password', { password });
    if (created.status !== 201) throw new Error(`password verification answered ${created.status}`);
    return created.body!.verificationRecordId as string;
  };

  const stop = async () => {
    await stack.stop();
    await rm(mockFolder, { recursive: true, force: true });
  };

  return {
    stack,
    adminToken,
    setAccountCenter,
    signIn,
    signInSession,
    refresh,
    newUser,
    call,
    lastCode,
    verifiedCodeRecord,
    passwordRecord,
    stop,
  };
}

export const everyFieldEditable: UpdateAccountCenterBody = {
  enabled: true,
  fields: {
    name: 'Edit',
    avatar: 'Edit',
    profile: 'Edit',
    email: 'Edit',
    phone: 'Edit',
    password: 'Edit',
    username: 'Edit',
    social: 'Edit',
    customData: 'Edit',
    mfa: 'Edit',
  },
};
