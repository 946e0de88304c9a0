import { describe, expect, it } from 'vitest';
import { createTranslate } from '../i18n/index.ts';
import { identifierInputProps, identifierLabel, isValidUsername, normalizePhone, parseIdentifier } from './identifier.ts';

const t = createTranslate('en');

describe('parseIdentifier', () => {
  it('tells an email, a phone number and a username apart among the allowed kinds', () => {
    const all = ['username', 'email', 'phone'] as const;
    expect(parseIdentifier('  ada@example.com ', all)).toEqual({ type: 'email', value: 'ada@example.com' });
    expect(parseIdentifier('+1 (555) 010-2030', all)).toEqual({ type: 'phone', value: '15550102030' });
    expect(parseIdentifier('ada_lovelace', all)).toEqual({ type: 'username', value: 'ada_lovelace' });
  });

  it('returns nothing for a kind the sign-in experience does not allow, or a malformed value', () => {
    expect(parseIdentifier('ada@example.com', ['username', 'phone'])).toBeUndefined();
    expect(parseIdentifier('ada@example', ['email'])).toBeUndefined();
    expect(parseIdentifier('15550102030', ['email'])).toBeUndefined();
    expect(parseIdentifier('   ', ['username'])).toBeUndefined();
  });

  it('reads digits as a phone number only when phone sign-in is allowed', () => {
    expect(parseIdentifier('15550102030', ['phone'])).toEqual({ type: 'phone', value: '15550102030' });
    expect(parseIdentifier('15550102030', ['username'])).toEqual({ type: 'username', value: '15550102030' });
    expect(parseIdentifier('1234', ['phone'])).toBeUndefined();
  });
});

describe('identifier field', () => {
  it('labels the field with every allowed kind, in a fixed order', () => {
    expect(identifierLabel(['email'], t)).toBe('Email');
    expect(identifierLabel(['email', 'username'], t)).toBe('Username or email');
    expect(identifierLabel(['phone', 'email', 'username', 'email'], t)).toBe('Username, email or phone number');
    expect(identifierLabel([], t)).toBe('');
  });

  it('lets password managers fill the account name when signing in, and the contact elsewhere', () => {
    expect(identifierInputProps(['email'], 'sign-in')).toEqual({ type: 'email', autoComplete: 'username', inputMode: 'email' });
    expect(identifierInputProps(['email'], 'contact')).toEqual({ type: 'email', autoComplete: 'email', inputMode: 'email' });
    expect(identifierInputProps(['phone'], 'contact')).toEqual({ type: 'tel', autoComplete: 'tel', inputMode: 'tel' });
    expect(identifierInputProps(['username', 'email'], 'sign-in')).toEqual({ type: 'text', autoComplete: 'username' });
  });

  it('normalises phone numbers to digits and checks usernames', () => {
    expect(normalizePhone('+82 10-1234.5678')).toBe('821012345678');
    expect(isValidUsername('_ada1')).toBe(true);
    expect(isValidUsername('1ada')).toBe(false);
    expect(isValidUsername('ada-lovelace')).toBe(false);
  });
});
