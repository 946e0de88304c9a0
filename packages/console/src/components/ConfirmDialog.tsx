import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/errors.ts';
import { Modal } from './Modal.tsx';

type Props = {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  message: string;
  /** When set, the person types this (the thing's name) before the action is enabled. */
  confirmText?: string;
  actionLabel: string;
  onConfirm: () => Promise<unknown>;
};

/** A destructive action, confirmed; with `confirmText`, only after the person types the name. */
export function ConfirmDialog({ open, onOpenChange, title, message, confirmText, actionLabel, onConfirm }: Props) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const ready = confirmText === undefined || typed === confirmText;

  const close = (next: boolean) => {
    if (!next) {
      setTyped('');
      setError(undefined);
    }
    onOpenChange(next);
  };

  return (
    <Modal open={open} onOpenChange={close} title={title} description={message}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (!ready) return;
          setBusy(true);
          setError(undefined);
          onConfirm()
            .then(() => close(false))
            .catch((caught: unknown) => setError(errorMessage(caught)))
            .finally(() => setBusy(false));
        }}
      >
        {confirmText === undefined ? null : (
          <label className="field">
            <span>{t('common.type_to_confirm', { name: confirmText })}</span>
            <input value={typed} onChange={(event) => setTyped(event.target.value)} autoComplete="off" />
          </label>
        )}
        {error ? (
          <p role="alert" className="error">
            {error}
          </p>
        ) : null}
        <div className="actions">
          <button type="button" className="secondary" onClick={() => close(false)}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="danger" disabled={!ready || busy}>
            {actionLabel}
          </button>
        </div>
      </form>
    </Modal>
  );
}
