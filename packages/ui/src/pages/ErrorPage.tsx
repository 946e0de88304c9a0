// /error?code=… and every unknown path. Errors that end the sign-in say to go back to the app,
// which starts a new one.
import { Layout } from '../components/Layout.tsx';
import { sessionErrorCodes } from '../errors.ts';
import { isPhraseKey, useTranslate } from '../i18n/index.ts';
import { useLocation } from '../router.ts';

export function ErrorPage({ notFound = false }: { notFound?: boolean }) {
  const t = useTranslate();
  const { searchParams } = useLocation();
  const code = searchParams.get('code') ?? undefined;

  if (notFound) {
    return (
      <Layout title={t('page.error.not_found_title')}>
        <p>{t('page.error.not_found')}</p>
      </Layout>
    );
  }
  if (!code || sessionErrorCodes.includes(code)) {
    return (
      <Layout title={t('page.error.session_title')}>
        <p role="alert">{t('page.error.session')}</p>
      </Layout>
    );
  }
  const key = `errors.${code}`;
  return (
    <Layout title={t('page.error.title')}>
      <p role="alert">{isPhraseKey(key) ? t(key) : t('error.unknown')}</p>
    </Layout>
  );
}
