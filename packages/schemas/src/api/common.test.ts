// The shared identifier formats accept what Logto accepts, and a closed object refuses what it does
// not name.
import { Type } from 'typebox';
import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';

import { closedObject, emailPattern, languageTagPattern, phoneNumberPattern, usernamePattern } from './common.ts';

const matches = (pattern: string, value: string) => new RegExp(pattern).test(value);

describe('closedObject', () => {
  const Schema = closedObject({ name: Type.String() }, { description: 'kept' });

  it('refuses keys it does not name and keeps the other options', () => {
    expect(Value.Check(Schema, { name: 'a' })).toBe(true);
    expect(Value.Check(Schema, { name: 'a', nmae: 'b' })).toBe(false);
    expect(Schema).toMatchObject({ description: 'kept', additionalProperties: false });
  });
});

describe('identifier patterns', () => {
  it('takes usernames that start with a letter or underscore', () => {
    expect(matches(usernamePattern, 'jane_doe1')).toBe(true);
    expect(matches(usernamePattern, '_x')).toBe(true);
    expect(matches(usernamePattern, '1jane')).toBe(false);
    expect(matches(usernamePattern, 'jane doe')).toBe(false);
  });

  it('takes email addresses with a dotted domain', () => {
    expect(matches(emailPattern, 'jane@example.com')).toBe(true);
    expect(matches(emailPattern, 'jane@localhost')).toBe(false);
  });

  it('takes phone numbers as digits only', () => {
    expect(matches(phoneNumberPattern, '15551234567')).toBe(true);
    expect(matches(phoneNumberPattern, '+15551234567')).toBe(false);
  });

  it('takes language tags with subtags', () => {
    for (const tag of ['en', 'pt-BR', 'zh-Hant-TW']) expect(matches(languageTagPattern, tag)).toBe(true);
    expect(matches(languageTagPattern, 'english')).toBe(false);
  });
});
