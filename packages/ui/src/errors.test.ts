import { describe, expect, it } from 'vitest';
import { ApiError, networkErrorCode } from './api/http.ts';
import { describeError, lockedCode, lockMinutes, PhraseError } from './errors.ts';
import { createTranslate } from './i18n/index.ts';

const t = createTranslate('en');
const apiError = (code: string, message = '', data?: unknown) => new ApiError(400, code, message, data);

describe('describeError', () => {
  it('uses our phrase for a known code, and the server message for an unknown one', () => {
    expect(describeError(apiError('session.invalid_credentials', 'Invalid credentials.'), t)).toBe(
      'The account name or password is wrong.',
    );
    expect(describeError(apiError('connector.something_new', 'The provider is down.'), t)).toBe('The provider is down.');
    expect(describeError(apiError('connector.something_new'), t)).toBe('Something went wrong. Please try again.');
  });

  it('explains network failures, errors of the UI itself and anything else', () => {
    expect(describeError(new ApiError(0, networkErrorCode, 'fetch failed'), t)).toBe(
      'The server could not be reached. Check your connection and try again.',
    );
    expect(describeError(new PhraseError('error.webauthn_cancelled'), t)).toBe(t('error.webauthn_cancelled'));
    expect(describeError(new TypeError('boom'), t)).toBe('Something went wrong. Please try again.');
  });

  it('adds the server detail to the generic invalid-input phrase', () => {
    expect(describeError(apiError('guard.invalid_input', 'The email is malformed.'), t)).toBe(
      'Some of what you entered is not valid. The email is malformed.',
    );
    expect(describeError(apiError('guard.invalid_input', 'The request input is invalid.'), t)).toBe(
      'Some of what you entered is not valid.',
    );
  });

  it('names each broken password rule once, in Logto or our own rule names, skipping rules without their numbers', () => {
    const error = apiError('password.rejected', 'Password rejected.', {
      result: [
        { code: 'password_rejected.too_short', data: { min: 10 } },
        { code: 'password_rejected.restricted.words' },
        { code: 'password_rejected.restricted_words' },
        { code: 'password_rejected.character_types' },
        { code: 'password_rejected.unknown_rule' },
      ],
    });
    expect(describeError(error, t)).toBe(
      'The password is not allowed. It must be at least 10 characters long. It contains a word that is not allowed.',
    );
  });

  it('says how long a sign-in lock lasts', () => {
    expect(describeError(apiError(lockedCode, '', { retryAfter: 30 }), t)).toBe('Too many attempts. Try again in 1 minute.');
    expect(describeError(apiError(lockedCode, '', { retryAfter: 601 }), t)).toBe('Too many attempts. Try again in 11 minutes.');
    expect(describeError(apiError(lockedCode), t)).toBe('Too many attempts. Try again later.');
  });
});

describe('lockMinutes', () => {
  it('rounds the time left up to whole minutes, from seconds or an end time', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(lockMinutes(apiError(lockedCode, '', { lockedUntil: '2026-01-01T00:05:01Z' }), now)).toBe(6);
    expect(lockMinutes(apiError(lockedCode, '', { lockedUntil: now - 1000 }), now)).toBe(1);
    expect(lockMinutes(apiError(lockedCode, '', { lockedUntil: 'soon' }), now)).toBeUndefined();
  });
});
