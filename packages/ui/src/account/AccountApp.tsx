// /account/*: the account center. It reads the tenant's account center settings (no sign-in needed
// to learn that it is off), signs in as the `account-center` app, loads the user, then shows the
// page the address names. Pages for more fields (passkeys, linking social accounts) join `pages`.
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError } from '../api/http.ts';
import { BareLayout } from '../components/Layout.tsx';
import { describeError } from '../errors.ts';
import { useTranslate } from '../i18n/index.ts';
import { matchPath, navigate } from '../router.ts';
import { accountApi, type AccountCenter, type MyAccount } from './api.ts';
import { accountBasePath, accountClient, callbackPath, finishSignIn, signInToAccount } from './client.ts';
import { AccountContext, type AccountState } from './context.ts';
import { ContactPage } from './ContactPage.tsx';
import { HomePage } from './HomePage.tsx';
import { MfaPage } from './MfaPage.tsx';
import { PasswordPage } from './PasswordPage.tsx';
import { SessionsPage } from './SessionsPage.tsx';
import { SocialLinkCallback } from './SocialLinkCallback.tsx';
import { SocialPage } from './SocialPage.tsx';
import './account.css';

const pages: Readonly<Record<string, () => ReactNode>> = {
  '': () => <HomePage />,
  '/email': () => <ContactPage key="email" type="email" />,
  '/phone': () => <ContactPage key="phone" type="phone" />,
  '/password': () => <PasswordPage />,
  '/social': () => <SocialPage />,
  '/mfa': () => <MfaPage />,
  '/sessions': () => <SessionsPage />,
};

type Loaded =
  | { status: 'loading' }
  | { status: 'disabled' }
  | { status: 'signing-in' }
  | { status: 'failed'; error: unknown }
  | { status: 'ready'; settings: AccountCenter; account: MyAccount };

export function AccountApp({ path }: { path: string }) {
  const t = useTranslate();
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });

  const load = useCallback(async () => {
    setLoaded({ status: 'loading' });
    try {
      if (window.location.pathname === callbackPath) {
        const back = await finishSignIn();
        navigate(back, { replace: true });
      }
      const settings = await accountApi.settings();
      if (!settings.enabled) {
        setLoaded({ status: 'disabled' });
        return;
      }
      if (!(await accountClient().isAuthenticated())) {
        setLoaded({ status: 'signing-in' });
        await signInToAccount();
        return;
      }
      setLoaded({ status: 'ready', settings, account: await accountApi.me() });
    } catch (error) {
      setLoaded({ status: 'failed', error });
    }
  }, []);

  // Once: the pages below change the address without signing in again.
  // biome-ignore lint/correctness/useExhaustiveDependencies: loading again on every path change would re-fetch the user.
  useEffect(() => {
    void load();
  }, []);

  const state = useMemo<AccountState | undefined>(() => {
    if (loaded.status !== 'ready') return undefined;
    return {
      settings: loaded.settings,
      account: loaded.account,
      reload: async () => {
        const account = await accountApi.me();
        setLoaded((current) => (current.status === 'ready' ? { ...current, account } : current));
      },
      setAccount: (account) => setLoaded((current) => (current.status === 'ready' ? { ...current, account } : current)),
    };
  }, [loaded]);

  if (loaded.status === 'disabled') {
    return (
      <BareLayout title={t('account.disabled.title')}>
        <p role="status">{t('account.disabled.description')}</p>
      </BareLayout>
    );
  }
  if (loaded.status === 'failed') {
    // A token the API no longer takes (revoked, expired sign-in): the way out is to sign in again.
    const unauthorized = loaded.error instanceof ApiError && loaded.error.status === 401;
    return (
      <BareLayout title={t('page.error.title')}>
        <p role="alert">{unauthorized ? t('account.signed_out') : describeError(loaded.error, t)}</p>
        <button type="button" className="button primary" onClick={() => void (unauthorized ? signInToAccount({ again: true }) : load())}>
          {unauthorized ? t('account.button.sign_in_again') : t('page.error.retry')}
        </button>
      </BareLayout>
    );
  }
  if (!state) {
    return (
      <BareLayout title={t('app.loading')}>
        <p aria-busy="true">{t('app.loading')}</p>
      </BareLayout>
    );
  }
  const socialCallback = matchPath(`${accountBasePath}/social/callback/:connectorId`, path)?.connectorId;
  const page = socialCallback ? () => <SocialLinkCallback connectorId={socialCallback} /> : pages[path.slice(accountBasePath.length)];
  return (
    <AccountContext.Provider value={state}>
      {page ? (
        page()
      ) : (
        <BareLayout title={t('page.error.title')}>
          <p role="alert">{t('account.not_found')}</p>
        </BareLayout>
      )}
    </AccountContext.Provider>
  );
}
