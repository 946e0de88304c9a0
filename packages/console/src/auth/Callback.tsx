import { useHandleSignInCallback } from '@logto/react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { takeReturnTo } from './return-to.ts';

// Where the admin tenant's OP sends the browser back; then on to the page the person was on.
export function Callback() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { error } = useHandleSignInCallback(() => navigate(takeReturnTo(), { replace: true }));
  return (
    <main className="welcome">
      {error ? (
        <p role="alert" className="error">
          {t('auth.callback_failed', { message: error.message })}
        </p>
      ) : (
        <p aria-live="polite">{t('auth.signing_in')}</p>
      )}
    </main>
  );
}
