// /account/mfa: the user's 2-step verification factors, each removable (with proof of identity),
// an authenticator app to add when the tenant offers one and none is bound, passkeys and backup codes.
import { browserSupportsWebAuthn } from '@simplewebauthn/browser';
import { useState } from 'react';
import { CopyButton, useCopy } from '../components/CopyButton.tsx';
import { FormError, Notice } from '../components/FormError.tsx';
import { LoadingOrRetry } from '../components/LoadingOrRetry.tsx';
import { OneTimeCodeForm } from '../components/OneTimeCodeForm.tsx';
import { useAction } from '../flows/use-action.ts';
import { useLoaded } from '../flows/use-loaded.ts';
import { type PhraseKey, useLanguage, useTranslate } from '../i18n/index.ts';
import { useSettings } from '../settings.ts';
import { accountApi, type MfaFactor } from './api.ts';
import { BackupCodesSection } from './BackupCodesSection.tsx';
import { PasskeyButton } from './PasskeyButton.tsx';
import { AccountLayout, FieldOff } from './components.tsx';
import { useAccount, useControl } from './context.ts';
import { useIdentityProof } from './proof.tsx';

const factorNames: Readonly<Record<MfaFactor['type'], PhraseKey>> = {
  Totp: 'account.mfa.totp',
  WebAuthn: 'account.mfa.webauthn',
  BackupCode: 'account.mfa.backup_code',
};

/** The otpauth:// address authenticator apps open (the same one a QR code would hold). */
const otpauthUri = (secret: string, account: string) =>
  `otpauth://totp/${encodeURIComponent(`${window.location.host}:${account}`)}?secret=${secret}&issuer=${encodeURIComponent(window.location.host)}`;

export function MfaPage() {
  const t = useTranslate();
  const language = useLanguage();
  const { account } = useAccount();
  const control = useControl('mfa');
  const settings = useSettings() as ReturnType<typeof useSettings> & { mfa?: { factors?: string[] } };
  const proof = useIdentityProof();
  const { value: factors, loader, reload } = useLoaded(accountApi.mfaFactors);
  const action = useAction();
  const addAction = useAction();
  const [secret, setSecret] = useState<string | undefined>();
  const { copy, notice } = useCopy();
  const title = t('account.mfa.title');
  if (control === 'Off') return <FieldOff title={title} />;
  if (!factors) {
    return (
      <AccountLayout title={title}>
        <LoadingOrRetry loader={loader} onRetry={reload} />
      </AccountLayout>
    );
  }

  const canAddTotp = control === 'Edit' && settings.mfa?.factors?.includes('Totp') && !factors.some(({ type }) => type === 'Totp');
  // Backup codes back up another factor: offered once one is bound.
  const canAddBackupCodes =
    control === 'Edit' && settings.mfa?.factors?.includes('BackupCode') && factors.some(({ type }) => type !== 'BackupCode');
  const date = (value: string) => new Date(value).toLocaleDateString(language);

  return (
    <AccountLayout title={title}>
      {factors.length === 0 ? <p>{t('account.mfa.none')}</p> : null}
      <ul className="account-items">
        {factors.map((factor) => (
          <li key={factor.id} className="account-item">
            <span className="account-item-text">
              <span>{factor.name ?? t(factorNames[factor.type])}</span>
              <span className="account-item-detail">
                {t('account.added_on', { date: date(factor.createdAt) })}
                {factor.remainCodes === undefined ? '' : ` · ${t('account.mfa.codes_left', { count: factor.remainCodes })}`}
              </span>
            </span>
            {control === 'Edit' ? (
              <button
                type="button"
                className="button link"
                aria-label={t('account.mfa.remove_named', { name: factor.name ?? t(factorNames[factor.type]) })}
                onClick={() =>
                  void action.run(async () => {
                    await proof.forWrite((id) => accountApi.removeMfaFactor(factor.id, id));
                    reload();
                  })
                }
              >
                {t('account.button.remove')}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      <FormError id="mfa-error" message={action.error} />

      {canAddTotp && !secret ? (
        <button
          type="button"
          className="button secondary"
          onClick={() => void addAction.run(async () => setSecret((await accountApi.newTotpSecret()).secret))}
        >
          {t('account.mfa.add_totp')}
        </button>
      ) : null}
      {canAddTotp && secret ? (
        <>
          <h2 className="account-section">{t('account.mfa.add_totp')}</h2>
          <fieldset className="secret" aria-labelledby="account-totp-secret">
            <p id="account-totp-secret" className="secret-label">
              {t('page.totp_binding.secret_label')}
            </p>
            <code className="totp-secret" data-secret={secret}>
              {secret}
            </code>
            <CopyButton label={t('button.copy_secret')} onCopy={() => copy(secret)} />
          </fieldset>
          <p>
            <a href={otpauthUri(secret, account.username ?? account.primaryEmail ?? account.id)}>{t('account.mfa.open_app')}</a>
          </p>
          <Notice message={notice} />
          <OneTimeCodeForm
            action={addAction}
            label={t('field.totp_code')}
            numeric
            maxLength={8}
            autoFocus={false}
            onSubmit={async (code) => {
              await proof.forWrite((id) => accountApi.bindTotp(secret, code, id));
              setSecret(undefined);
              reload();
            }}
          />
        </>
      ) : null}
      {control === 'Edit' && settings.mfa?.factors?.includes('WebAuthn') && browserSupportsWebAuthn() ? (
        <PasskeyButton proof={proof} onAdded={reload} />
      ) : null}
      {canAddBackupCodes ? (
        <BackupCodesSection hasCodes={factors.some(({ type }) => type === 'BackupCode')} proof={proof} onSaved={reload} />
      ) : null}
      {proof.dialog}
    </AccountLayout>
  );
}
