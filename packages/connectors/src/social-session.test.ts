import { describe, expect, it } from 'vitest';
import { createMockSocialConnector } from './mock.ts';
import { finishSocialSession, matchesSocialSession, startSocialSession } from './social-session.ts';

describe('a social session', () => {
  const connector = createMockSocialConnector({ clientId: 'c', clientSecret: 's' });

  it('starts with a fresh nonce and PKCE verifier bound to the caller state and redirect URI', async () => {
    const first = await startSocialSession(connector, { state: 'st', redirectUri: 'https://app.example.com/cb' });
    const second = await startSocialSession(connector, { state: 'st', redirectUri: 'https://app.example.com/cb' });
    expect(first.session).toMatchObject({ state: 'st', redirectUri: 'https://app.example.com/cb' });
    expect(first.session.nonce).not.toBe(second.session.nonce);
    expect(first.session.codeVerifier).not.toBe(second.session.codeVerifier);
    expect(new URL(first.authorizationUri).searchParams.get('state')).toBe('st');
  });

  it('takes only a callback with its state and a code, and answers the user without the raw data', async () => {
    const { session } = await startSocialSession(connector, { state: 'st', redirectUri: 'https://app.example.com/cb' });
    expect(matchesSocialSession(session, { state: 'other', code: 'c' })).toBe(false);
    expect(matchesSocialSession(session, { state: 'st' })).toBe(false);
    const data = { state: 'st', code: 'c', userId: 'u-1', email: 'u@example.com' };
    expect(matchesSocialSession(session, data)).toBe(true);
    expect(await finishSocialSession(connector, session, data)).toEqual({ id: 'u-1', email: 'u@example.com', emailVerified: true });
  });
});
