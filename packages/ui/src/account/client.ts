// The account pages sign in as Logto's built-in `account-center` app (seeded in packages/db) with
// Logto's own browser SDK: an OIDC SPA client whose access token without a resource is the opaque
// one of the tenant's OP, which is what the Account API accepts.
import LogtoClient, { Prompt, UserScope } from '@logto/browser';

export const accountCenterAppId = 'account-center';
export const accountBasePath = '/account';
export const callbackPath = `${accountBasePath}/callback`;

/** What the pages read and change; `profile`, `openid` and `offline_access` come with the SDK. */
const scopes = [UserScope.Email, UserScope.Phone, UserScope.Identities, UserScope.CustomData, UserScope.Address, UserScope.Sessions];

let client: LogtoClient | undefined;

export function accountClient(): LogtoClient {
  client ??= new LogtoClient({ endpoint: window.location.origin, appId: accountCenterAppId, scopes });
  return client;
}

// The page the user asked for survives the round trip through the sign-in pages.
const returnKey = 'idp:account:return-to';

export async function signInToAccount(options: { again?: boolean } = {}): Promise<void> {
  const { pathname, search } = window.location;
  if (pathname !== callbackPath) sessionStorage.setItem(returnKey, pathname + search);
  // After a refused token the user signs in again rather than reusing a session that no longer counts.
  if (options.again) await accountClient().clearAllTokens();
  await accountClient().signIn({
    redirectUri: `${window.location.origin}${callbackPath}`,
    ...(options.again ? { prompt: Prompt.Login } : {}),
  });
}

let finishing: Promise<string> | undefined;

/** Finishes the sign-in at /account/callback (once: a code is good for one exchange); the path to go back to. */
export function finishSignIn(): Promise<string> {
  finishing ??= (async () => {
    await accountClient().handleSignInCallback(window.location.href);
    const back = sessionStorage.getItem(returnKey);
    sessionStorage.removeItem(returnKey);
    return back?.startsWith(accountBasePath) && !back.startsWith(callbackPath) ? back : accountBasePath;
  })();
  return finishing;
}

export async function signOutOfAccount(): Promise<void> {
  await accountClient().signOut(`${window.location.origin}${accountBasePath}`);
}
