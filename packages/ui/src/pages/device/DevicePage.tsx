// /device and /device/success: the device authorization grant's pages, as Logto's. The person types
// the code their device shows; the form posts it to the OP (/oidc/device) with the xsrf value the OP
// handed over in a cookie only this path sees, and the OP continues with the usual sign-in. The OP
// sends refusals back here (`?input_code=&error=`), asks for a confirmation of a code that came in
// a link (`?user_code=`), and ends at /device/success. A visit without the cookie (the short
// verification URI a device shows) first goes through /oidc/device, which sets it. The context the
// OP put in the address (`app_id`, `organization_id`, `ui_locales`, as Logto's) goes back with
// every post, so each page the OP sends the browser to next keeps it.
import { useEffect, useId, useState } from 'react';
import { FormError, Notice } from '../../components/FormError.tsx';
import { Layout } from '../../components/Layout.tsx';
import { SubmitButton } from '../../components/SubmitButton.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useLanguage } from '../../i18n/index.ts';
import { useLocation } from '../../router.ts';
import { type DevicePhraseKey, devicePhrases } from './phrases.ts';

const xsrfCookie = '_logto_device_flow_xsrf';
const submitPath = '/oidc/device';
/** Set while the page sends the browser to /oidc/device for the cookie, so a browser that refuses cookies is not sent round in circles. */
const bounceMark = 'device-flow-bounce';

function readCookie(name: string): string | undefined {
  for (const pair of document.cookie.split(';')) {
    const [key, ...value] = pair.trim().split('=');
    if (key === name && value.length > 0) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

const sharedContext = ['app_id', 'organization_id', 'ui_locales'];

/** Where the forms post: /oidc/device with the page's shared context. */
function submitUrl(searchParams: URLSearchParams): string {
  const query = new URLSearchParams();
  for (const name of sharedContext) {
    const value = searchParams.get(name);
    if (value) query.set(name, value);
  }
  return query.size > 0 ? `${submitPath}?${query}` : submitPath;
}

const knownErrors = new Set(['NotFoundError', 'ExpiredError', 'AlreadyUsedError', 'NoCodeError']);

function errorKey(error: string | null): DevicePhraseKey | undefined {
  if (!error || error === 'AbortedError') return undefined;
  return knownErrors.has(error) ? (`error.${error}` as DevicePhraseKey) : 'error.other';
}

function useDevicePhrases() {
  const phrases = devicePhrases(useLanguage());
  return (key: DevicePhraseKey) => phrases[key];
}

export function DevicePage() {
  const t = useDevicePhrases();
  const { searchParams } = useLocation();
  const xsrf = readCookie(xsrfCookie);
  const [cookiesRefused] = useState(() => !xsrf && sessionStorage.getItem(bounceMark) !== null);
  const userCode = searchParams.get('user_code');
  const [code, setCode] = useState(searchParams.get('input_code') ?? '');
  const errorId = useId();

  useEffect(() => {
    if (xsrf) {
      sessionStorage.removeItem(bounceMark);
    } else if (!cookiesRefused) {
      sessionStorage.setItem(bounceMark, '1');
      window.location.replace(`${submitPath}${window.location.search}`);
    }
  }, [xsrf, cookiesRefused]);

  if (!xsrf) {
    return (
      <Layout title={t('title')}>
        {cookiesRefused ? (
          <p role="alert">{t('cookies')}</p>
        ) : (
          <p aria-busy="true" data-testid="device-redirecting">
            …
          </p>
        )}
      </Layout>
    );
  }

  if (userCode) {
    return (
      <Layout title={t('confirm_title')} subtitle={t('confirm_subtitle')}>
        <form method="post" action={submitUrl(searchParams)}>
          <input type="hidden" name="xsrf" value={xsrf} />
          <input type="hidden" name="user_code" value={userCode} />
          <p className="device-code" data-testid="device-user-code">
            <strong>{userCode}</strong>
          </p>
          <div className="button-row">
            <button type="submit" className="button secondary" name="abort" value="yes">
              {t('cancel')}
            </button>
            <button type="submit" className="button primary" name="confirm" value="yes">
              {t('continue')}
            </button>
          </div>
        </form>
      </Layout>
    );
  }

  const error = searchParams.get('error');
  const message = errorKey(error);
  return (
    <Layout title={t('title')} subtitle={t('subtitle')}>
      <form method="post" action={submitUrl(searchParams)} aria-describedby={message ? errorId : undefined}>
        <FormError id={errorId} message={message ? t(message) : undefined} />
        <Notice message={error === 'AbortedError' ? t('aborted') : undefined} />
        <input type="hidden" name="xsrf" value={xsrf} />
        <input type="hidden" name="confirm" value="yes" />
        <TextField
          label={t('code')}
          name="user_code"
          value={code}
          onChange={(value) => setCode(value.toUpperCase())}
          autoComplete="one-time-code"
          autoCapitalize="characters"
          spellCheck={false}
          required
          autoFocus
          errorId={message ? errorId : undefined}
        />
        <SubmitButton>{t('continue')}</SubmitButton>
      </form>
    </Layout>
  );
}

export function DeviceSuccessPage() {
  const t = useDevicePhrases();
  return (
    <Layout title={t('success_title')}>
      <p role="status">{t('success')}</p>
    </Layout>
  );
}
