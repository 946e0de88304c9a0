// Step-up: before a sensitive change (or a look at sessions) the user proves who they are with their
// current password, in a dialog over the page. The record the API answers is kept while it is
// unspent and fresh: reads only look at it, a successful write spends it, so the next write asks again.
import { useCallback, useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError } from '../api/http.ts';
import { FormError } from '../components/FormError.tsx';
import { PasswordField } from '../components/PasswordField.tsx';
import { SubmitButton } from '../components/SubmitButton.tsx';
import { QuietError } from '../errors.ts';
import { useAction } from '../flows/use-action.ts';
import { useTranslate } from '../i18n/index.ts';
import { accountApi } from './api.ts';

type Record = { id: string; expiresAt: number };
type Pending = { resolve: (id: string) => void; reject: (error: Error) => void };

/** A record this close to its end is not used: the request might arrive after it. */
const margin = 30_000;

export type IdentityProof = {
  /** A record for a read (kept for what follows). */
  forRead: () => Promise<string>;
  /** Runs a change with a record, which is spent when the change succeeds. */
  forWrite: <T>(change: (proof: string) => Promise<T>) => Promise<T>;
  /** The dialog, when it is open: render it in the page. */
  dialog: ReactNode;
};

const isRecordRefused = (error: unknown) =>
  error instanceof ApiError && (error.code.startsWith('verification_record.') || error.code === 'session.verification_failed');

export function useIdentityProof(): IdentityProof {
  const record = useRef<Record | undefined>(undefined);
  const [pending, setPending] = useState<Pending | undefined>();

  const forRead = useCallback(async () => {
    const kept = record.current;
    if (kept && kept.expiresAt - margin > Date.now()) return kept.id;
    return new Promise<string>((resolve, reject) => setPending({ resolve, reject }));
  }, []);

  const forWrite = useCallback(
    async <T,>(change: (proof: string) => Promise<T>) => {
      const proof = await forRead();
      try {
        const result = await change(proof);
        record.current = undefined;
        return result;
      } catch (error) {
        if (isRecordRefused(error)) record.current = undefined;
        throw error;
      }
    },
    [forRead],
  );

  const dialog = pending ? (
    <PasswordDialog
      onVerified={(created) => {
        record.current = created;
        setPending(undefined);
        pending.resolve(created.id);
      }}
      onCancel={() => {
        setPending(undefined);
        pending.reject(new QuietError('cancelled'));
      }}
    />
  ) : null;

  return { forRead, forWrite, dialog };
}

function PasswordDialog({ onVerified, onCancel }: { onVerified: (record: Record) => void; onCancel: () => void }) {
  const t = useTranslate();
  const titleId = useId();
  const errorId = useId();
  const ref = useRef<HTMLDialogElement>(null);
  const [password, setPassword] = useState('');
  const action = useAction();

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!password) {
      action.setError(t('error.required', { field: t('account.proof.password') }));
      return;
    }
    void action.run(async () => {
      const created = await accountApi.verifyPassword(password);
      onVerified({ id: created.verificationRecordId, expiresAt: new Date(created.expiresAt).getTime() });
    });
  };

  return (
    <dialog
      ref={ref}
      className="account-dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <h2 id={titleId}>{t('account.proof.title')}</h2>
      <p>{t('account.proof.description')}</p>
      <form method="dialog" noValidate onSubmit={submit}>
        <PasswordField
          purpose="current"
          label={t('account.proof.password')}
          value={password}
          onChange={setPassword}
          autoFocus
          errorId={action.error ? errorId : undefined}
        />
        <FormError id={errorId} message={action.error} />
        <div className="button-row">
          <SubmitButton busy={action.busy}>{t('button.continue')}</SubmitButton>
          <button type="button" className="button secondary" onClick={onCancel}>
            {t('account.button.cancel')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
