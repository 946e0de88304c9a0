// A step that asks for a username the registration still needs.
import { useId, useState, type FormEvent } from 'react';
import { isValidUsername } from '../flows/identifier.ts';
import { useAction } from '../flows/use-action.ts';
import { useTranslate } from '../i18n/index.ts';
import { FormError } from './FormError.tsx';
import { Layout } from './Layout.tsx';
import { SubmitButton } from './SubmitButton.tsx';
import { TextField } from './TextField.tsx';

type Props = { title: string; onSubmit: (username: string) => Promise<void> };

export function UsernameStep({ title, onSubmit }: Props) {
  const t = useTranslate();
  const errorId = useId();
  const action = useAction();
  const [username, setUsername] = useState('');

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    const value = username.trim();
    if (!value) return action.setError(t('error.required', { field: t('field.username') }));
    if (!isValidUsername(value)) return action.setError(t('error.invalid_username'));
    void action.run(() => onSubmit(value));
  };

  return (
    <Layout title={title}>
      <form method="post" noValidate onSubmit={handleSubmit}>
        <TextField
          label={t('field.username')}
          name="username"
          value={username}
          onChange={setUsername}
          autoComplete="username"
          autoFocus
          required
          errorId={action.error ? errorId : undefined}
        />
        <FormError id={errorId} message={action.error} />
        <SubmitButton busy={action.busy}>{t('button.continue')}</SubmitButton>
      </form>
    </Layout>
  );
}
