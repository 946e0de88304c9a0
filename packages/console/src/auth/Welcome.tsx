import { useLogto } from '@logto/react';
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router';
import type { SignInExperience } from '@idp/schemas';
import { callbackUrl } from '../config.ts';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';

// The admin tenant's sign-in mode tells a fresh installation (sign-up still open for the first
// administrator) from one that has its administrator (SignIn), as in Logto's console.
const fetchAdminSignInMode = async () => {
  const response = await fetch('/api/.well-known/sign-in-exp');
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return ((await response.json()) as Pick<SignInExperience, 'signInMode'>).signInMode;
};

export function Welcome() {
  const { t } = useTranslation();
  const { isAuthenticated, isLoading, signIn } = useLogto();
  const mode = useQuery({ queryKey: ['admin-sign-in-mode'], queryFn: fetchAdminSignInMode, retry: 1 });
  const firstRun = mode.data !== undefined && mode.data !== 'SignIn';

  useEffect(() => {
    // Once there is an administrator, the only way on is to sign in.
    if (!isLoading && !isAuthenticated && mode.data === 'SignIn') void signIn(callbackUrl);
  }, [isAuthenticated, isLoading, mode.data, signIn]);

  if (isAuthenticated) return <Navigate to="/get-started" replace />;

  return (
    <main className="welcome">
      <div className="welcome-card">
        <LanguageSwitch />
        <h1>{t('welcome.title')}</h1>
        {mode.isError ? (
          <p role="alert" className="error">
            {t('welcome.unavailable')}
          </p>
        ) : firstRun ? (
          <>
            <p>{t('welcome.first_run')}</p>
            <button type="button" onClick={() => void signIn({ redirectUri: callbackUrl, firstScreen: 'register' })}>
              {t('welcome.create_admin')}
            </button>
            <p className="muted">{t('welcome.have_account')}</p>
            <button type="button" className="secondary" onClick={() => void signIn(callbackUrl)}>
              {t('welcome.sign_in')}
            </button>
          </>
        ) : (
          <p aria-live="polite">{t('welcome.redirecting')}</p>
        )}
      </div>
    </main>
  );
}
