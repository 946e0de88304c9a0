import { adminTenantId, defaultTenantId } from '@idp/db';
import { signInExperiences } from '@idp/schemas';
import { internalSecretHeader, tenantHeader } from '@idp/server-kit';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../src/index.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
  // Give each tenant a sign-in experience of its own, so every answer tells whose row it is.
  for (const [tenantId, primaryColor] of [
    [defaultTenantId, '#111111'],
    [adminTenantId, '#AAAAAA'],
  ] as const) {
    await stack.database.db
      .update(signInExperiences)
      .set({ color: { primaryColor, isDarkModeEnabled: false, darkPrimaryColor: primaryColor } })
      .where(eq(signInExperiences.tenantId, tenantId));
  }
});
afterAll(async () => stack?.stop());

const primaryColor = async (base: string, headers: Record<string, string> = {}) => {
  const response = await fetch(new URL('/api/.well-known/sign-in-exp', base), { headers });
  expect(response.status).toBe(200);
  return ((await response.json()) as { color: { primaryColor: string } }).color.primaryColor;
};

describe('tenancy', () => {
  it("shows each endpoint only its own tenant's rows", async () => {
    expect(await primaryColor(stack.userUrl)).toBe('#111111');
    expect(await primaryColor(stack.adminUrl)).toBe('#AAAAAA');
  });

  it('ignores a tenant header sent by the client', async () => {
    const forged = { [tenantHeader]: adminTenantId, [internalSecretHeader]: 'a-guess-at-the-secret' };
    expect(await primaryColor(stack.userUrl, forged)).toBe('#111111');
    expect(await primaryColor(stack.adminUrl, { [tenantHeader]: defaultTenantId })).toBe('#AAAAAA');
  });

  it('refuses requests that bypass the gateway without its secret', async () => {
    const direct = await fetch(new URL('/api/.well-known/sign-in-exp', stack.serviceUrls['management-api']), {
      headers: { [tenantHeader]: adminTenantId },
    });
    expect(direct.status).toBe(401);
    expect(((await direct.json()) as { code: string }).code).toBe('request.tenant_missing');
  });

  it('does not strip the public answer of what the UI needs, and leaks no tenant id', async () => {
    const response = await fetch(new URL('/api/.well-known/sign-in-exp', stack.userUrl));
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ id: 'default', signInMode: 'SignInAndRegister' });
    expect(body).not.toHaveProperty('tenantId');
    expect(body).not.toHaveProperty('customCss');
  });
});
