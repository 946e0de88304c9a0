// A field's value with, when it may change, a "Change" button that turns the row into a small form.
import { useId, useState, type FormEvent } from 'react';
import { FormError } from '../components/FormError.tsx';
import { SubmitButton } from '../components/SubmitButton.tsx';
import { TextField } from '../components/TextField.tsx';
import { useAction } from '../flows/use-action.ts';
import { useTranslate } from '../i18n/index.ts';
import { ValueRow } from './components.tsx';
import type { Control } from './context.ts';

type Props = {
  label: string;
  value: string | null | undefined;
  control: Control;
  type?: 'text' | 'url';
  autoComplete?: string;
  /** Saves the value; an empty one is sent as null (cleared). */
  onSave: (value: string | null) => Promise<void>;
};

export function EditableValue({ label, value, control, type = 'text', autoComplete, onSave }: Props) {
  const t = useTranslate();
  const errorId = useId();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState('');
  const action = useAction();
  if (control === 'Off') return null;

  if (!editing) {
    return (
      <ValueRow label={label} value={value || t('account.not_set')}>
        {control === 'Edit' ? (
          <button
            type="button"
            className="button link"
            aria-label={t('account.button.change_field', { field: label })}
            onClick={() => {
              setDraft(value ?? '');
              action.setError(undefined);
              setEditing(true);
            }}
          >
            {t('account.button.change')}
          </button>
        ) : null}
      </ValueRow>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action
      .run(async () => {
        const trimmed = draft.trim();
        await onSave(trimmed === '' ? null : trimmed);
      })
      .then((saved) => {
        if (saved) setEditing(false);
      });
  };

  return (
    <form method="post" noValidate onSubmit={submit} className="account-row">
      <TextField
        label={label}
        value={draft}
        onChange={setDraft}
        type={type}
        autoComplete={autoComplete}
        autoFocus
        errorId={action.error ? errorId : undefined}
      />
      <FormError id={errorId} message={action.error} />
      <div className="button-row">
        <SubmitButton busy={action.busy}>{t('account.button.save')}</SubmitButton>
        <button type="button" className="button secondary" onClick={() => setEditing(false)}>
          {t('account.button.cancel')}
        </button>
      </div>
    </form>
  );
}
