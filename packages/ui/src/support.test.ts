import { describe, expect, it } from 'vitest';
import { resetTypesOf, supportLinksOf } from './api/sign-in-experience.ts';

describe('supportLinksOf', () => {
  it('links the support email and website the tenant set, and nothing when neither is set', () => {
    expect(supportLinksOf({ supportEmail: 'help@example.com', supportWebsiteUrl: 'https://help.example.com' })).toEqual({
      email: 'help@example.com',
      mailto: 'mailto:help@example.com',
      website: 'https://help.example.com',
    });
    expect(supportLinksOf({ supportEmail: null, supportWebsiteUrl: null })).toEqual({});
    expect(supportLinksOf({})).toEqual({});
  });

  it('never turns a non-http website into a link, and escapes the mailto', () => {
    expect(supportLinksOf({ supportWebsiteUrl: 'javascript:alert(1)' })).toEqual({});
    expect(supportLinksOf({ supportEmail: 'a?cc=x@example.com' }).mailto).toBe('mailto:a%3Fcc%3Dx@example.com');
  });
});

describe('resetTypesOf', () => {
  it("keeps the contact types the tenant's forgotPasswordMethods allow, all of them when unset", () => {
    expect(resetTypesOf({ forgotPasswordMethods: null }, ['email', 'phone'])).toEqual(['email', 'phone']);
    expect(resetTypesOf({}, ['email'])).toEqual(['email']);
    expect(resetTypesOf({ forgotPasswordMethods: ['PhoneVerificationCode'] }, ['email', 'phone'])).toEqual(['phone']);
    expect(resetTypesOf({ forgotPasswordMethods: [] }, ['email', 'phone'])).toEqual([]);
  });
});
