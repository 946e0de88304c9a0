// Both the sign-in redirect URI and the post-sign-out URI registered for `demo-app` by the seed:
// `${endpoint}/demo-app`, with no trailing slash (redirect URIs match exactly).
export const redirectUri = `${window.location.origin}/demo-app`;

/** Where the app is served (Vite's `base`). */
export const appPath = import.meta.env.BASE_URL;

/**
 * The gateway answers `/demo-app` with a redirect to `/demo-app/`, so the authorization response
 * arrives at `/demo-app/?code=…`. The SDK only handles a callback whose origin and path equal the
 * redirect URI: put the address back to `/demo-app?code=…` (no reload) before it looks.
 */
export function restoreCallbackAddress(): void {
  const { pathname, search, hash } = window.location;
  const params = new URLSearchParams(search);
  if ((params.has('code') || params.has('error')) && pathname === appPath && `${window.location.origin}${pathname}` !== redirectUri) {
    window.history.replaceState(null, '', `${new URL(redirectUri).pathname}${search}${hash}`);
  }
}
