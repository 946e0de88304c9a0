// A step that asks for one new password (registration, password reset), with the tenant's
// password policy as a hint.
import { useId, useState, type FormEvent } from 'react';
import type { PasswordPolicy } from '../api/sign-in-experience.ts';
import { useAction } from '../flows/use-action.ts';
import { useTranslate, type Translate } from '../i18n/index.ts';
import { useSettings } from '../settings.ts';
import { FormError } from './FormError.tsx';
import { Layout } from './Layout.tsx';
import { SubmitButton } from './SubmitButton.tsx';
import { TextField } from './TextField.tsx';

type Props = {
  title: string;
  label: string;
  buttonLabel: string;
  /** The account's name, for password managers to save the password under. */
  username?: string;
  onSubmit: (password: string) => Promise<void>;
  onBack?: () => void;
};

export function passwordHint(policy: PasswordPolicy, t: Translate): string {
  const hints = [t('hint.password_min_length', { min: policy.length?.min ?? 8 })];
  const types = policy.characterTypes?.min ?? 1;
  if (types > 1) hints.push(t('hint.password_character_types', { min: types }));
  return hints.join(' ');
}

export function PasswordStep({ title, label, buttonLabel, username, onSubmit, onBack }: Props) {
  const t = useTranslate();
  const settings = useSettings();
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
        <TextField
          label={label}
          name="new-password"
          type="password"
          value={password}
          onChange={setPassword}
          autoComplete="new-password"
          autoFocus
          required
          hint={passwordHint(settings.passwordPolicy, t)}
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
