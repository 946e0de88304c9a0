// /mfa-binding/totp: a new authenticator-app secret, as a QR code and as text to type or copy.
// The app's first code proves it was added; then the factor joins the account.
import { useState } from 'react';
import type { TotpSecretResponse as Secret } from '@idp/schemas';
import { bindMfa, createTotpSecret, verifyTotp } from '../api/mfa.ts';
import { CopyButton, useCopy } from '../components/CopyButton.tsx';
import { FormError, Notice } from '../components/FormError.tsx';
import { Layout } from '../components/Layout.tsx';
import { Link } from '../components/Link.tsx';
import { OneTimeCodeForm } from '../components/OneTimeCodeForm.tsx';
import { submitAndRedirect } from '../flows/finish.ts';
import { bindingPath, readMfaState } from '../flows/mfa.ts';
import { useAction } from '../flows/use-action.ts';
import { useOnMount } from '../flows/use-mfa-state.ts';
import { useTranslate } from '../i18n/index.ts';

/** `JBSWY3DPEHPK3PXP` → `JBSW Y3DP EHPK 3PXP`: easier to read and type. */
const groupsOfFour = (secret: string) => secret.replace(/(.{4})(?=.)/g, '$1 ');

export function TotpBinding() {
  const t = useTranslate();
  const loader = useAction();
  const action = useAction();
  const [secret, setSecret] = useState<Secret | undefined>();
  const { copy, notice } = useCopy();

  const load = () => {
    void loader.run(async () => setSecret(await createTotpSecret()));
  };
  useOnMount(load);

  const canChooseAnother = (readMfaState()?.bind?.length ?? 0) > 1;

  return (
    <Layout title={t('page.totp_binding.title')} subtitle={t('page.totp_binding.subtitle')}>
      {secret ? (
        <>
          <img className="qr-code" src={secret.secretQrCode} alt={t('page.totp_binding.qr_alt')} width={200} height={200} />
          <div className="secret" role="group" aria-labelledby="totp-secret-label">
            <p id="totp-secret-label" className="secret-label">
              {t('page.totp_binding.secret_label')}
            </p>
            <code className="totp-secret" data-secret={secret.secret}>
              {groupsOfFour(secret.secret)}
            </code>
            <CopyButton label={t('button.copy_secret')} onCopy={() => copy(secret.secret)} />
          </div>
          <Notice message={notice} />
          <OneTimeCodeForm
            action={action}
            label={t('field.totp_code')}
            hint={t('page.totp_binding.code_hint')}
            numeric
            maxLength={8}
            // The QR code and the key come first: the field is not focused for the user.
            autoFocus={false}
            onSubmit={async (code) => {
              const verified = await verifyTotp(code, secret.verificationId);
              await bindMfa('Totp', verified.verificationId);
              await submitAndRedirect();
            }}
          />
        </>
      ) : (
        <div className="stack">
          {loader.busy || !loader.error ? <p aria-busy="true">{t('app.loading')}</p> : null}
          <FormError id="totp-secret-error" message={loader.error} />
          {loader.error ? (
            <button type="button" className="button primary" onClick={load}>
              {t('page.error.retry')}
            </button>
          ) : null}
        </div>
      )}
      {canChooseAnother ? (
        <p className="switch">
          <Link to={bindingPath()}>{t('link.choose_another_method')}</Link>
        </p>
      ) : null}
    </Layout>
  );
}
