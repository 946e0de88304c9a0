// Logto's remaining sign-in experience settings (branding switch, terms agreement, custom content,
// unknown-session redirect, verification codes, sign-up profile fields): PATCH accepts and stores
// them, and both the administrators' read and the public experience return the stored values.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, type ManagementTest, startManagementTest, type TestStack } from './test-stack.ts';

let stack: TestStack;
let call: ManagementTest['call'];

type Body = Record<string, unknown>;
const read = async () => (await call('GET', '/api/sign-in-exp')).body as Body;
const patch = (body: unknown) => call('PATCH', '/api/sign-in-exp', body);
const experience = async () => (await callApi(stack.userUrl, undefined, 'GET', '/api/.well-known/experience')).body as Body;

beforeAll(async () => {
  ({ stack, call } = await startManagementTest());
});
afterAll(async () => {
  await stack?.stop();
});

describe('the remaining sign-in experience settings', () => {
  it('start with the values that mean "off"', async () => {
    const defaults = {
      hideLogtoBranding: false,
      agreeToTermsPolicy: 'Automatic',
      customContent: {},
      unknownSessionRedirectUrl: null,
      verificationCodePolicy: {},
      signUpProfileFields: null,
      customCss: null,
    };
    expect(await read()).toMatchObject(defaults);
    expect(await experience()).toMatchObject(defaults);
  });

  const changes: Array<[string, unknown]> = [
    ['hideLogtoBranding', true],
    ['agreeToTermsPolicy', 'ManualRegistrationOnly'],
    ['agreeToTermsPolicy', 'Manual'],
    ['customContent', { '/sign-in': '<p>Welcome back</p>', '/register': '<p>Hello</p>' }],
    ['unknownSessionRedirectUrl', 'https://example.com/start'],
    ['verificationCodePolicy', { expirationDuration: 300, maxRetryAttempts: 3 }],
    ['signUpProfileFields', [{ name: 'givenName' }, { name: 'familyName' }]],
    ['customCss', '.logto_main-content { color: red; }'],
  ];
  it.each(changes)('accepts %s, stores it and returns it in both reads', async (field, value) => {
    const response = await patch({ [field]: value });
    expect(response.status).toBe(200);
    expect((response.body as Body)[field]).toEqual(value);
    expect((await read())[field]).toEqual(value);
    expect((await experience())[field]).toEqual(value);
  });

  it('clears the nullable ones with null', async () => {
    const cleared = { unknownSessionRedirectUrl: null, signUpProfileFields: null, customCss: null };
    expect((await patch(cleared)).status).toBe(200);
    expect(await read()).toMatchObject(cleared);
    expect(await experience()).toMatchObject(cleared);
  });

  const bad: Array<[string, unknown]> = [
    ['hideLogtoBranding', 'yes'],
    ['agreeToTermsPolicy', 'Sometimes'],
    ['customContent', { '/sign-in': 42 }],
    ['customContent', []],
    ['unknownSessionRedirectUrl', 'not a url'],
    ['unknownSessionRedirectUrl', 'javascript:alert(1)'],
    ['verificationCodePolicy', { expirationDuration: 0 }],
    ['verificationCodePolicy', { maxRetryAttempts: 1.5 }],
    ['verificationCodePolicy', { extra: 1 }],
    ['signUpProfileFields', [{ name: '' }]],
    ['signUpProfileFields', [{ name: 'givenName', required: 'maybe' }]],
    ['signUpProfileFields', 'givenName'],
    ['customCss', 12],
  ];
  it.each(bad)('refuses a bad %s with 400 guard.invalid_input, changing nothing', async (field, value) => {
    const before = await read();
    const response = await patch({ [field]: value });
    expect(response.status).toBe(400);
    expect((response.body as Body).code).toBe('guard.invalid_input');
    expect((await read())[field]).toEqual(before[field]);
  });
});
