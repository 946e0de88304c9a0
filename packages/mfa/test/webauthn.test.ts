import { describe, expect, it } from 'vitest';
import { relyingPartyOf } from '../src/webauthn.ts';

describe('relyingPartyOf', () => {
  it("is the endpoint's host name, accepting the endpoint's origin", () => {
    expect(relyingPartyOf('https://id.example.com/')).toEqual({
      id: 'id.example.com',
      name: 'id.example.com',
      origin: 'https://id.example.com',
    });
  });

  it('also accepts the related origins, once each, without their paths', () => {
    expect(
      relyingPartyOf('https://id.example.com', ['https://app.example.com/', 'https://id.example.com', 'https://app.example.com']),
    ).toMatchObject({
      id: 'id.example.com',
      origin: ['https://id.example.com', 'https://app.example.com'],
    });
  });
});
