// /mfa-binding/totp: a new authenticator-app secret, as a QR code and as text to type or copy.
// The app's first code proves it was added; then the factor joins the account.
import { bindMfa, createTotpSecret, verifyTotp } from '../api/mfa.ts';
import { ChooseAnotherMethod } from '../components/ChooseAnotherMethod.tsx';
import { CopyButton, useCopy } from '../components/CopyButton.tsx';
import { Notice } from '../components/FormError.tsx';
import { Layout } from '../components/Layout.tsx';
import { LoadingOrRetry } from '../components/LoadingOrRetry.tsx';
import { OneTimeCodeForm } from '../components/OneTimeCodeForm.tsx';
import { submitAndRedirect } from '../flows/finish.ts';
import { useAction } from '../flows/use-action.ts';
import { useLoaded } from '../flows/use-loaded.ts';
import { useTranslate } from '../i18n/index.ts';

/** `JBSWY3DPEHPK3PXP` → `JBSW Y3DP EHPK 3PXP`: easier to read and type. */
const groupsOfFour = (secret: string) => secret.replace(/(.{4})(?=.)/g, '$1 ');

export function TotpBinding() {
  const t = useTranslate();
  const { value: secret, loader, reload } = useLoaded(createTotpSecret);
  const action = useAction();
  const { copy, notice } = useCopy();

  return (
    <Layout title={t('page.totp_binding.title')} subtitle={t('page.totp_binding.subtitle')}>
      {secret ? (
        <>
          <img className="qr-code" src={secret.secretQrCode} alt={t('page.totp_binding.qr_alt')} width={200} height={200} />
          <fieldset className="secret" aria-labelledby="totp-secret-label">
            <p id="totp-secret-label" className="secret-label">
              {t('page.totp_binding.secret_label')}
            </p>
            <code className="totp-secret" data-secret={secret.secret}>
              {groupsOfFour(secret.secret)}
            </code>
            <CopyButton label={t('button.copy_secret')} onCopy={() => copy(secret.secret)} />
          </fieldset>
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
        <LoadingOrRetry loader={loader} onRetry={reload} />
      )}
      <ChooseAnotherMethod />
    </Layout>
  );
}
