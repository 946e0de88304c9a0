import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { adminTenantId, defaultTenantId } from '@idp/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, type ManagementApiClient, type ManagementTest, startManagementTest, type TestStack } from './test-stack.ts';

let stack: TestStack;
let api: ManagementApiClient;
let call: ManagementTest['call'];
let folder: string;
/** The public read, without any token, as the sign-in app makes it. */
const experience = async (base = stack.userUrl, query = '') => {
  const response = await callApi(base, undefined, 'GET', `/api/.well-known/experience${query}`);
  return { status: response.status, body: response.body as Record<string, unknown> };
};

beforeAll(async () => {
  ({ stack, api, call } = await startManagementTest());
  folder = await mkdtemp(path.join(tmpdir(), 'experience-'));
  // Start from a tenant without connectors, whatever the stack seeded.
  for (const { id } of (await api.GET('/api/connectors')).data ?? []) {
    await api.DELETE('/api/connectors/{id}', { params: { path: { id } } });
  }
});
afterAll(async () => {
  await stack?.stop();
  if (folder) await rm(folder, { recursive: true, force: true });
});

// Every property Logto's client marks as required in the full sign-in experience.
const requiredKeys = [
  'tenantId',
  'id',
  'color',
  'branding',
  'hideLogtoBranding',
  'languageInfo',
  'termsOfUseUrl',
  'privacyPolicyUrl',
  'agreeToTermsPolicy',
  'signIn',
  'signUp',
  'socialSignIn',
  'socialSignInConnectorTargets',
  'signInMode',
  'customCss',
  'customContent',
  'customUiAssets',
  'customUiCsp',
  'passwordPolicy',
  'mfa',
  'adaptiveMfa',
  'singleSignOnEnabled',
  'supportEmail',
  'supportWebsiteUrl',
  'unknownSessionRedirectUrl',
  'captchaPolicy',
  'sentinelPolicy',
  'emailBlocklistPolicy',
  'forgotPasswordMethods',
  'verificationCodePolicy',
  'passkeySignIn',
  'signUpProfileFields',
  'passwordExpiration',
  'usernamePolicy',
  'socialConnectors',
  'ssoConnectors',
  'forgotPassword',
  'isDevelopmentTenant',
  'customProfileFields',
];

describe('GET /api/.well-known/experience', () => {
  it('is public and holds the whole sign-in experience, with what is not offered turned off', async () => {
    const { status, body } = await experience();
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual([...requiredKeys].sort());
    // The administrators' view of the same row is part of it, unchanged.
    const { data: details } = await api.GET('/api/sign-in-exp');
    expect(body).toMatchObject(details as Record<string, unknown>);
    expect(body).toMatchObject({
      tenantId: defaultTenantId,
      ssoConnectors: [],
      socialConnectors: [],
      singleSignOnEnabled: false,
      isDevelopmentTenant: false,
      hideLogtoBranding: false,
      customUiAssets: null,
      passwordExpiration: { enabled: false },
      forgotPassword: { email: false, phone: false },
      customProfileFields: [],
    });
    // The typed client reads it too.
    const typed = await api.GET('/api/.well-known/experience');
    expect(typed.response.status).toBe(200);
    expect(typed.data).toEqual(body);
  });

  it('follows changes to the sign-in experience', async () => {
    const patched = await api.PATCH('/api/sign-in-exp', {
      body: {
        color: { primaryColor: '#123456', isDarkModeEnabled: true, darkPrimaryColor: '#654321' },
        termsOfUseUrl: 'https://example.com/terms',
      },
    });
    expect(patched.response.status).toBe(200);
    const { body } = await experience();
    expect(body).toMatchObject({
      color: { primaryColor: '#123456', isDarkModeEnabled: true, darkPrimaryColor: '#654321' },
      termsOfUseUrl: 'https://example.com/terms',
    });
  });

  it('offers password reset by the channels that have a connector', async () => {
    const email = await api.POST('/api/connectors', { body: { connectorId: 'mock-email-service', config: { folder } } });
    expect(email.response.status).toBe(200);
    expect((await experience()).body.forgotPassword).toEqual({ email: true, phone: false });
    const sms = await api.POST('/api/connectors', { body: { connectorId: 'mock-short-message-service', config: { folder } } });
    expect((await experience()).body.forgotPassword).toEqual({ email: true, phone: true });
    await api.DELETE('/api/connectors/{id}', { params: { path: { id: email.data!.id } } });
    await api.DELETE('/api/connectors/{id}', { params: { path: { id: sms.data!.id } } });
    expect((await experience()).body.forgotPassword).toEqual({ email: false, phone: false });
  });

  it('lists the enabled social connectors, in the order of their targets, and no others', async () => {
    const oidcConfig = (issuer: string, target: string) => ({
      issuer,
      authorizationEndpoint: `${issuer}/authorize`,
      tokenEndpoint: `${issuer}/token`,
      jwksUri: `${issuer}/jwks`,
      clientId: 'client-id',
      clientSecret: 'client-secret',
      target,
    });
    const acme = await api.POST('/api/connectors', {
      body: {
        connectorId: 'oidc',
        config: oidcConfig('https://acme.example.com', 'acme'),
        metadata: { target: 'acme', name: { en: 'Acme' } },
      },
    });
    const beta = await api.POST('/api/connectors', {
      body: {
        connectorId: 'oidc',
        config: oidcConfig('https://beta.example.com', 'beta'),
        metadata: { target: 'beta', name: { en: 'Beta' } },
      },
    });
    await api.POST('/api/connectors', {
      body: { connectorId: 'oidc', config: oidcConfig('https://off.example.com', 'off'), metadata: { target: 'off', name: { en: 'Off' } } },
    });
    expect(acme.response.status).toBe(200);
    expect((await experience()).body.socialConnectors).toEqual([]);

    await api.PATCH('/api/sign-in-exp', { body: { socialSignInConnectorTargets: ['beta', 'acme', 'missing'] } });
    const { body } = await experience();
    expect(body.socialConnectors).toEqual([
      {
        id: beta.data!.id,
        target: 'beta',
        name: expect.objectContaining({ en: 'Beta' }),
        logo: expect.any(String),
        logoDark: null,
        platform: 'Universal',
        isStandard: true,
        isTokenStorageSupported: false,
      },
      {
        id: acme.data!.id,
        target: 'acme',
        name: expect.objectContaining({ en: 'Acme' }),
        logo: expect.any(String),
        logoDark: null,
        platform: 'Universal',
        isStandard: true,
        isTokenStorageSupported: false,
      },
    ]);
    // Connector configs (secrets) never reach the public read.
    expect(JSON.stringify(body)).not.toContain('client-secret');
    // The older public read lists the same connectors.
    const signInExp = (await callApi(stack.userUrl, undefined, 'GET', '/api/.well-known/sign-in-exp')).body as {
      socialConnectors: Array<{ id: string }>;
    };
    expect(signInExp.socialConnectors.map(({ id }) => id)).toEqual([beta.data!.id, acme.data!.id]);
  });

  it('answers each tenant with its own sign-in experience and connectors', async () => {
    const { status, body } = await experience(stack.adminUrl);
    expect(status).toBe(200);
    expect(body.tenantId).toBe(adminTenantId);
    expect(body.socialConnectors).toEqual([]);
    expect(body.termsOfUseUrl).not.toBe('https://example.com/terms');
    expect((await experience()).body.tenantId).toBe(defaultTenantId);
  });

  it("takes Logto's appId and organizationId, and refuses malformed ones with 400", async () => {
    const { data: app } = await api.POST('/api/applications', { body: { name: 'SPA', type: 'SPA' } });
    const plain = (await experience()).body;
    expect(await experience(stack.userUrl, `?appId=${app!.id}`)).toEqual({ status: 200, body: plain });
    expect((await experience(stack.userUrl, '?organizationId=some-org')).status).toBe(200);
    for (const query of ['?appId=', `?appId=${'a'.repeat(22)}`, `?organizationId=${'o'.repeat(22)}`]) {
      expect(await experience(stack.userUrl, query), query).toMatchObject({ status: 400, body: { code: 'guard.invalid_input' } });
    }
  });

  it('refuses anything but GET', async () => {
    const response = await call('POST', '/api/.well-known/experience', {});
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
  });
});
