// A step that asks for one new password (registration, password reset), with the tenant's
// password policy as a hint.
import { useId, useState, type FormEvent } from 'react';
import { useAction } from '../flows/use-action.ts';
import { useTranslate } from '../i18n/index.ts';
import { FormError } from './FormError.tsx';
import { Layout } from './Layout.tsx';
import { PasswordField } from './PasswordField.tsx';
import { SubmitButton } from './SubmitButton.tsx';

type Props = {
  title: string;
  label: string;
  buttonLabel: string;
  /** The account's name, for password managers to save the password under. */
  username?: string;
  onSubmit: (password: string) => Promise<void>;
  onBack?: () => void;
};

export function PasswordStep({ title, label, buttonLabel, username, onSubmit, onBack }: Props) {
  const t = useTranslate();
  const errorId = useId();
  const action = useAction();
  const [password, setPassword] = useState('');

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!password) {
      action.setError(t('error.required', { field: label }));
      return;
    }
    void action.run(() => onSubmit(password));
  };

  return (
    <Layout title={title}>
      <form method="post" noValidate onSubmit={handleSubmit}>
        {username ? <input type="text" name="username" autoComplete="username" value={username} readOnly hidden /> : null}
        <PasswordField
          purpose="new"
          label={label}
          value={password}
          onChange={setPassword}
          autoFocus
          errorId={action.error ? errorId : undefined}
        />
        <FormError id={errorId} message={action.error} />
        <SubmitButton busy={action.busy}>{buttonLabel}</SubmitButton>
      </form>
      {onBack ? (
        <div className="secondary-actions">
          <button type="button" className="button link" onClick={onBack}>
            {t('button.back')}
          </button>
        </div>
      ) : null}
    </Layout>
  );
}
