// /mfa-verification/:factor: the second step of a sign-in, with the factor the address names —
// a code from the authenticator app, a passkey or security key, a backup code, or a code sent to
// the account's email or phone — and links to the other factors the account has.
import { useState, type ReactNode } from 'react';
import {
  createWebAuthnAuthentication,
  sendMfaCode,
  verifyBackupCode,
  verifyMfaCode,
  verifyTotp,
  verifyWebAuthnAuthentication,
  type MfaCodeChannel,
  type MfaFactor,
} from '../api/mfa.ts';
import { FormError, Notice } from '../components/FormError.tsx';
import { Layout } from '../components/Layout.tsx';
import { Link } from '../components/Link.tsx';
import { OneTimeCodeForm } from '../components/OneTimeCodeForm.tsx';
import { PhraseError } from '../errors.ts';
import { submitAndRedirect } from '../flows/finish.ts';
import { verificationPath } from '../flows/mfa.ts';
import { useAction } from '../flows/use-action.ts';
import { useMfaState, useOnMount } from '../flows/use-mfa-state.ts';
import { authenticateWithPasskey } from '../flows/webauthn.ts';
import { useTranslate, type PhraseKey } from '../i18n/index.ts';

const switchLabels: Record<MfaFactor, PhraseKey> = {
  Totp: 'mfa.switch.totp',
  WebAuthn: 'mfa.switch.webauthn',
  BackupCode: 'mfa.switch.backup_code',
  EmailVerificationCode: 'mfa.switch.email',
  PhoneVerificationCode: 'mfa.switch.phone',
};

export function MfaVerification({ factor }: { factor: MfaFactor }) {
  const t = useTranslate();
  const { state, error } = useMfaState();
  const others = (state?.verify ?? []).filter((other) => other !== factor);

  let form: ReactNode;
  switch (factor) {
    case 'Totp':
      form = <TotpVerification />;
      break;
    case 'WebAuthn':
      form = <WebAuthnVerification />;
      break;
    case 'BackupCode':
      form = <BackupCodeVerification />;
      break;
    case 'EmailVerificationCode':
      form = <SentCodeVerification channel="email" />;
      break;
    case 'PhoneVerificationCode':
      form = <SentCodeVerification channel="phone" />;
      break;
  }

  return (
    <Layout title={t('page.mfa_verification.title')} subtitle={t(subtitles[factor])}>
      {form}
      {error ? <FormError id="mfa-state-error" message={error} /> : null}
      {others.length > 0 ? (
        <nav className="other-methods" aria-labelledby="other-methods-heading">
          <h2 id="other-methods-heading">{t('page.mfa_verification.other_methods')}</h2>
          <ul>
            {others.map((other) => (
              <li key={other}>
                <Link to={verificationPath(other)}>{t(switchLabels[other])}</Link>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      <p className="switch">
        <Link to="/sign-in">{t('link.back_to_sign_in')}</Link>
      </p>
    </Layout>
  );
}

const subtitles: Record<MfaFactor, PhraseKey> = {
  Totp: 'page.mfa_verification.totp',
  WebAuthn: 'page.mfa_verification.webauthn',
  BackupCode: 'page.mfa_verification.backup_code',
  EmailVerificationCode: 'page.mfa_verification.email',
  PhoneVerificationCode: 'page.mfa_verification.phone',
};

function TotpVerification() {
  const t = useTranslate();
  const action = useAction();
  return (
    <OneTimeCodeForm
      action={action}
      label={t('field.totp_code')}
      numeric
      maxLength={8}
      onSubmit={async (code) => {
        await verifyTotp(code);
        await submitAndRedirect();
      }}
    />
  );
}

function BackupCodeVerification() {
  const t = useTranslate();
  const action = useAction();
  return (
    <OneTimeCodeForm
      action={action}
      label={t('field.backup_code')}
      maxLength={32}
      onSubmit={async (code) => {
        await verifyBackupCode(code);
        await submitAndRedirect();
      }}
    />
  );
}

function WebAuthnVerification() {
  const t = useTranslate();
  const action = useAction();
  const start = () => {
    void action.run(async () => {
      const { verificationId, authenticationOptions } = await createWebAuthnAuthentication();
      const payload = await authenticateWithPasskey(authenticationOptions);
      await verifyWebAuthnAuthentication(verificationId, payload);
      await submitAndRedirect();
    });
  };
  return (
    <div className="stack">
      <FormError id="webauthn-verification-error" message={action.error} />
      <button type="button" className="button primary" aria-busy={action.busy || undefined} onClick={start}>
        {t('button.use_passkey')}
      </button>
    </div>
  );
}

/** The code goes out as the page appears; "Resend code" sends another (with a new verification). */
function SentCodeVerification({ channel }: { channel: MfaCodeChannel }) {
  const t = useTranslate();
  const action = useAction();
  const [verificationId, setVerificationId] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | undefined>();

  const send = (again: boolean) => {
    setNotice(undefined);
    void action.run(async () => {
      const sent = await sendMfaCode(channel);
      setVerificationId(sent.verificationId);
      setNotice(
        t(
          again
            ? 'page.verification_code.resent'
            : channel === 'email'
              ? 'page.mfa_verification.email_sent'
              : 'page.mfa_verification.phone_sent',
        ),
      );
    });
  };
  useOnMount(() => send(false));

  return (
    <>
      <OneTimeCodeForm
        action={action}
        label={t('field.verification_code')}
        numeric
        onSubmit={async (code) => {
          if (!verificationId) throw new PhraseError('errors.verification_code.not_found');
          setNotice(undefined);
          await verifyMfaCode(channel, verificationId, code);
          await submitAndRedirect();
        }}
      >
        <Notice message={notice} />
      </OneTimeCodeForm>
      <div className="secondary-actions">
        <button type="button" className="button link" onClick={() => send(true)}>
          {t('button.resend_code')}
        </button>
      </div>
    </>
  );
}
