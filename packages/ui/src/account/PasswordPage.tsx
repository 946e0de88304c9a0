// /account/password: a new password, after the user proves who they are with the current one.
// ReadOnly: the page says the password cannot be changed here and offers no form.
import { useId, useState, type FormEvent } from 'react';
import { FormError } from '../components/FormError.tsx';
import { PasswordField } from '../components/PasswordField.tsx';
import { SubmitButton } from '../components/SubmitButton.tsx';
import { TextField } from '../components/TextField.tsx';
import { useAction } from '../flows/use-action.ts';
import { useTranslate } from '../i18n/index.ts';
import { navigate } from '../router.ts';
import { accountApi } from './api.ts';
import { accountBasePath } from './client.ts';
import { AccountLayout, FieldOff } from './components.tsx';
import { useAccount, useControl } from './context.ts';
import { useIdentityProof } from './proof.tsx';

export function PasswordPage() {
  const t = useTranslate();
  const { account, reload } = useAccount();
  const control = useControl('password');
  const proof = useIdentityProof();
  const action = useAction();
  const errorId = useId();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const title = t('account.password.title');

  if (control === 'Off') return <FieldOff title={title} />;
  if (control === 'ReadOnly') {
    return (
      <AccountLayout title={title}>
        <p role="status">{t('account.password.read_only')}</p>
      </AccountLayout>
    );
  }

  // Someone with no password and no address to prove themselves with (a social-only account) sets a first one.
  const needsProof = account.hasPassword !== false || Boolean(account.primaryEmail || account.primaryPhone);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!password) {
      action.setError(t('error.required', { field: t('field.new_password') }));
      return;
    }
    if (password !== confirm) {
      action.setError(t('account.password.mismatch'));
      return;
    }
    void action.run(async () => {
      if (needsProof) await proof.forWrite((id) => accountApi.changePassword(password, id));
      else await accountApi.changePassword(password, undefined);
      await reload();
      navigate(`${accountBasePath}?done=password`);
    });
  };

  return (
    <AccountLayout title={title} subtitle={t('account.password.subtitle')}>
      <form method="post" noValidate onSubmit={submit}>
        <PasswordField
          purpose="new"
          label={t('field.new_password')}
          value={password}
          onChange={setPassword}
          autoFocus
          errorId={action.error ? errorId : undefined}
        />
        <TextField
          label={t('account.password.confirm')}
          name="confirm-password"
          type="password"
          autoComplete="new-password"
          value={confirm}
          onChange={setConfirm}
          required
        />
        <FormError id={errorId} message={action.error} />
        <SubmitButton busy={action.busy}>{t('account.password.submit')}</SubmitButton>
      </form>
      {proof.dialog}
    </AccountLayout>
  );
}
