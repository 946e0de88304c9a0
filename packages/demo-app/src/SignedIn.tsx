// Who is signed in: the ID token's claims, and what the userinfo endpoint answers.
import { useLogto, type IdTokenClaims, type UserInfoResponse } from '@logto/react';
import { useEffect, useRef, useState } from 'react';
import { redirectUri } from './redirect-uri.ts';

export function SignedIn() {
  const { getIdTokenClaims, fetchUserInfo, signOut, error } = useLogto();
  const [claims, setClaims] = useState<IdTokenClaims | undefined>();
  const [userInfo, setUserInfo] = useState<UserInfoResponse | undefined>();
  const [userInfoError, setUserInfoError] = useState<string | undefined>();

  // Once per sign-in: the SDK's functions are not guaranteed to keep their identity across renders.
  const calls = useRef({ getIdTokenClaims, fetchUserInfo });
  useEffect(() => {
    const { getIdTokenClaims, fetchUserInfo } = calls.current;
    let active = true;
    void getIdTokenClaims().then((value) => {
      if (active) setClaims(value);
    });
    // The SDK reports a failure through `error` and resolves with undefined.
    fetchUserInfo().then(
      (value) => {
        if (active) setUserInfo(value);
      },
      (caught: unknown) => {
        if (active) setUserInfoError(caught instanceof Error ? caught.message : String(caught));
      },
    );
    return () => {
      active = false;
    };
  }, []);

  const name = claims?.username ?? claims?.sub;

  return (
    <main>
      <h1>Demo App</h1>
      <p className="signed-in-as">{name ? `Signed in as ${name}` : 'Signed in'}</p>
      <button type="button" onClick={() => void signOut(redirectUri)}>
        Sign out
      </button>
      {/* The account center of the sign-in UI, on the same endpoint (its own sign-in reuses this session). */}
      <p>
        <a href="/account">Manage account</a>
      </p>

      <section aria-labelledby="id-token-claims">
        <h2 id="id-token-claims">ID token claims</h2>
        {claims ? <pre data-testid="id-token-claims">{JSON.stringify(claims, null, 2)}</pre> : <p>Loading…</p>}
      </section>

      <section aria-labelledby="user-info">
        <h2 id="user-info">User info</h2>
        {userInfo ? (
          <pre data-testid="user-info">{JSON.stringify(userInfo, null, 2)}</pre>
        ) : (userInfoError ?? error) ? (
          <p role="alert">Could not fetch user info: {userInfoError ?? error?.message}</p>
        ) : (
          <p>Loading…</p>
        )}
      </section>
    </main>
  );
}
