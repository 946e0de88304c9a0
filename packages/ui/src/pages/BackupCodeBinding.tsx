// /mfa-binding/backup-code: one-use codes for when the other factor is not at hand. They are
// shown once: the user copies or downloads them, confirms, and they join the account.
import { useId, type FormEvent } from 'react';
import { bindMfa, generateBackupCodes } from '../api/mfa.ts';
import { CopyButton, useCopy } from '../components/CopyButton.tsx';
import { FormError, Notice } from '../components/FormError.tsx';
import { Layout } from '../components/Layout.tsx';
import { LoadingOrRetry } from '../components/LoadingOrRetry.tsx';
import { SubmitButton } from '../components/SubmitButton.tsx';
import { submitAndRedirect } from '../flows/finish.ts';
import { useAction } from '../flows/use-action.ts';
import { useLoaded } from '../flows/use-loaded.ts';
import { useTranslate } from '../i18n/index.ts';

function download(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Give the browser a moment to start the download before the address goes away.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function BackupCodeBinding() {
  const t = useTranslate();
  const { value: generated, loader, reload } = useLoaded(generateBackupCodes);
  const action = useAction();
  const errorId = useId();
  const { copy, notice } = useCopy();

  if (!generated) {
    return (
      <Layout title={t('page.backup_codes.title')}>
        <LoadingOrRetry loader={loader} onRetry={reload} />
      </Layout>
    );
  }

  const asText = [t('page.backup_codes.file_heading', { site: window.location.host }), '', ...generated.codes, ''].join('\n');
  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      await bindMfa('BackupCode', generated.verificationId);
      await submitAndRedirect();
    });
  };

  return (
    <Layout title={t('page.backup_codes.title')} subtitle={t('page.backup_codes.subtitle', { count: generated.codes.length })}>
      <ul className="backup-codes" aria-label={t('page.backup_codes.list')}>
        {generated.codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <div className="button-row">
        <CopyButton label={t('button.copy_codes')} onCopy={() => copy(generated.codes.join('\n'))} />
        <button type="button" className="button secondary" onClick={() => download('backup-codes.txt', asText)}>
          {t('button.download_codes')}
        </button>
      </div>
      <Notice message={notice} />
      <form method="post" onSubmit={handleSubmit}>
        <FormError id={errorId} message={action.error} />
        <SubmitButton busy={action.busy}>{t('button.backup_codes_saved')}</SubmitButton>
      </form>
    </Layout>
  );
}
