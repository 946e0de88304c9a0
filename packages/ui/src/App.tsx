// Loads the tenant's sign-in experience, applies its language and branding, and shows the page
// the address names.
import { ErrorBoundary } from 'react-error-boundary';
import { lazy, Suspense, useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { fetchSignInExperience, type SignInExperience } from './api/sign-in-experience.ts';
import { BareLayout } from './components/Layout.tsx';
import { useBranding } from './branding.ts';
import { fetchPhraseOverrides, type PhraseOverrides } from './i18n/custom-phrases.ts';
import { chooseLanguage, createTranslate, LanguageContext, TranslateContext } from './i18n/index.ts';
import { factorFromSlug } from './flows/mfa.ts';
import { BackupCodeBinding } from './pages/BackupCodeBinding.tsx';
import { Consent } from './pages/Consent.tsx';
import { DevicePage, DeviceSuccessPage } from './pages/device/DevicePage.tsx';
import { ErrorPage } from './pages/ErrorPage.tsx';
import { ForgotPassword } from './pages/ForgotPassword.tsx';
import { MfaBinding } from './pages/MfaBinding.tsx';
import { MfaVerification } from './pages/MfaVerification.tsx';
import { Register } from './pages/Register.tsx';
import { SignIn } from './pages/SignIn.tsx';
import { SocialCallback } from './pages/SocialCallback.tsx';
import { TotpBinding } from './pages/TotpBinding.tsx';
import { WebAuthnBinding } from './pages/WebAuthnBinding.tsx';
import { isPreviewRequested, usePreview } from './preview.ts';
import { matchPath, navigate, useLocation } from './router.ts';
import { SettingsContext } from './settings.ts';

// The account pages (and the OIDC client they sign in with) load only when an /account address is opened.
const AccountApp = lazy(() => import('./account/AccountApp.tsx').then(({ AccountApp }) => ({ default: AccountApp })));

type Loaded = { status: 'loading' } | { status: 'failed' } | { status: 'ready'; settings: SignInExperience };

function Routes() {
  const { pathname } = useLocation();
  const path = pathname.replace(/\/+$/, '') || '/';

  useEffect(() => {
    if (path === '/') navigate('/sign-in', { replace: true });
  }, [path]);

  if (path === '/account' || path.startsWith('/account/')) {
    return (
      <Suspense fallback={<p aria-busy="true" />}>
        <AccountApp path={path} />
      </Suspense>
    );
  }

  switch (path) {
    case '/':
    case '/sign-in':
    case '/identifier-sign-in':
      return <SignIn key="sign-in" />;
    case '/register':
    case '/identifier-register':
      return <Register key="register" />;
    case '/forgot-password':
      return <ForgotPassword key="forgot-password" />;
    case '/consent':
      return <Consent />;
    case '/device':
      return <DevicePage />;
    case '/device/success':
      return <DeviceSuccessPage />;
    case '/error':
      return <ErrorPage />;
    case '/mfa-binding':
      return <MfaBinding key="mfa-binding" />;
  }
  const verifying = factorFromSlug(matchPath('/mfa-verification/:factor', path)?.factor ?? '');
  if (verifying) return <MfaVerification key={verifying} factor={verifying} />;
  switch (factorFromSlug(matchPath('/mfa-binding/:factor', path)?.factor ?? '')) {
    case 'Totp':
      return <TotpBinding key="totp" />;
    case 'WebAuthn':
      return <WebAuthnBinding key="webauthn" />;
    case 'BackupCode':
      return <BackupCodeBinding key="backup-code" />;
    default:
      break;
  }
  const callback = matchPath('/callback/:connectorId', path);
  if (callback?.connectorId) return <SocialCallback key={callback.connectorId} connectorId={callback.connectorId} />;
  return <ErrorPage notFound />;
}

export function App() {
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });
  const load = useCallback(() => {
    setLoaded({ status: 'loading' });
    fetchSignInExperience().then(
      (settings) => setLoaded({ status: 'ready', settings }),
      () => setLoaded({ status: 'failed' }),
    );
  }, []);
  useEffect(load, [load]);

  const preview = useMemo(isPreviewRequested, []);
  const settings = usePreview(loaded.status === 'ready' ? loaded.settings : undefined, preview);
  const language = useMemo(() => chooseLanguage(settings?.languageInfo), [settings]);
  const [overrides, setOverrides] = useState<PhraseOverrides>({});
  // Once the settings are in (they name the language); a preview's changes need no new phrases.
  const ready = settings !== undefined;
  useEffect(() => {
    if (!ready) return;
    let current = true;
    void fetchPhraseOverrides(language).then((found) => current && setOverrides(found));
    return () => {
      current = false;
    };
  }, [language, ready]);
  const t = useMemo(() => createTranslate(language, overrides), [language, overrides]);
  useBranding(settings, language);

  let content: ReactNode;
  if (loaded.status === 'loading') {
    content = (
      <BareLayout title={t('app.loading')}>
        <p aria-busy="true">{t('app.loading')}</p>
      </BareLayout>
    );
  } else if (loaded.status === 'failed') {
    content = (
      <BareLayout title={t('page.error.title')}>
        <p role="alert">{t('page.error.settings')}</p>
        <button type="button" className="button primary" onClick={load}>
          {t('page.error.retry')}
        </button>
      </BareLayout>
    );
  } else {
    content = (
      <SettingsContext.Provider value={settings}>
        {/* A preview shows the page; nothing in it can be used. Settings the console has not
            checked yet may be ones no page can show: it says so until the next change. */}
        {preview ? (
          <ErrorBoundary resetKeys={[settings]} fallback={<p role="alert">{t('page.preview.unavailable')}</p>}>
            <div inert data-preview="true">
              <Routes />
            </div>
          </ErrorBoundary>
        ) : (
          <Routes />
        )}
      </SettingsContext.Provider>
    );
  }

  return (
    <LanguageContext.Provider value={language}>
      <TranslateContext.Provider value={t}>{content}</TranslateContext.Provider>
    </LanguageContext.Provider>
  );
}
