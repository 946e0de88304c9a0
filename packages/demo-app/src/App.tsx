// The demo app: signs in with the tenant's sign-in experience and shows who signed in.
// The sign-in callback comes back to this same page (the redirect URI the seed registers).
import { useHandleSignInCallback, useLogto } from '@logto/react';
import { useEffect, useState } from 'react';
import { appPath, redirectUri } from './redirect-uri.ts';
import { SignedIn } from './SignedIn.tsx';

const isCallback = () => new URLSearchParams(window.location.search).has('code');

/**
 * True while the address holds an authorization response the SDK is about to handle, so the page
 * does not flash its signed-out state first. A stale `?code=` (a reload after sign-in) the SDK
 * ignores stops counting after a moment.
 */
function usePendingCallback(): [boolean, () => void] {
  const [pending, setPending] = useState(isCallback);
  useEffect(() => {
    if (!pending) return;
    const timer = setTimeout(() => setPending(false), 3000);
    return () => clearTimeout(timer);
  }, [pending]);
  return [pending, () => setPending(false)];
}

export function App() {
  const { isAuthenticated, isLoading, error, signIn } = useLogto();
  const [pendingCallback, settleCallback] = usePendingCallback();
  const callback = useHandleSignInCallback(() => {
    // Drop `?code=&state=` from the address once the tokens are stored.
    window.history.replaceState(null, '', appPath);
    settleCallback();
  });

  // Signed in, the page stays (the SDK's calls toggle isLoading too, and report their own errors).
  if (isAuthenticated) return <SignedIn />;

  if (callback.error ?? error) {
    return (
      <main>
        <h1>Demo App</h1>
        <p role="alert">Sign-in failed: {(callback.error ?? error)?.message}</p>
        <button type="button" onClick={() => void signIn(redirectUri)}>
          Sign in
        </button>
      </main>
    );
  }

  if (isLoading || pendingCallback) {
    return (
      <main aria-busy="true">
        <h1>Demo App</h1>
        <p>Loading…</p>
      </main>
    );
  }

  return (
    <main>
      <h1>Demo App</h1>
      <p>Sign in or create an account with this tenant's sign-in experience.</p>
      <div className="actions">
        <button type="button" onClick={() => void signIn(redirectUri)}>
          Sign in
        </button>
        <button type="button" onClick={() => void signIn({ redirectUri, firstScreen: 'register' })}>
          Create account
        </button>
      </div>
    </main>
  );
}
