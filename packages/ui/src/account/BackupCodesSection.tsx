// New backup codes on the 2-step verification page: generated, shown once to copy, then saved to
// the account (replacing any earlier set) after the step-up. The server refuses them as the only factor.
import { useState } from 'react';
import { CopyButton, useCopy } from '../components/CopyButton.tsx';
import { FormError, Notice } from '../components/FormError.tsx';
import { useAction } from '../flows/use-action.ts';
import { useTranslate } from '../i18n/index.ts';
import { accountApi } from './api.ts';
import type { IdentityProof } from './proof.tsx';

type Props = { hasCodes: boolean; proof: IdentityProof; onSaved: () => void };

export function BackupCodesSection({ hasCodes, proof, onSaved }: Props) {
  const t = useTranslate();
  const action = useAction();
  const [codes, setCodes] = useState<string[] | undefined>();
  const { copy, notice } = useCopy();

  if (!codes) {
    return (
      <div className="stack">
        <FormError id="backup-codes-error" message={action.error} />
        <button
          type="button"
          className="button secondary"
          onClick={() => void action.run(async () => setCodes((await accountApi.newBackupCodes()).codes))}
        >
          {hasCodes ? t('account.mfa.new_backup_codes') : t('account.mfa.add_backup_codes')}
        </button>
      </div>
    );
  }

  return (
    <section aria-labelledby="account-backup-codes">
      <h2 id="account-backup-codes" className="account-section">
        {t('page.backup_codes.title')}
      </h2>
      <p>{t('page.backup_codes.subtitle', { count: codes.length })}</p>
      <ul className="backup-codes" aria-label={t('page.backup_codes.list')}>
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <div className="button-row">
        <CopyButton label={t('button.copy_codes')} onCopy={() => copy(codes.join('\n'))} />
      </div>
      <Notice message={notice} />
      <FormError id="backup-codes-error" message={action.error} />
      <button
        type="button"
        className="button primary"
        aria-busy={action.busy || undefined}
        onClick={() =>
          void action.run(async () => {
            await proof.forWrite((id) => accountApi.bindBackupCodes(codes, id));
            setCodes(undefined);
            onSaved();
          })
        }
      >
        {t('button.backup_codes_saved')}
      </button>
    </section>
  );
}
