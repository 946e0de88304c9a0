// /account/email and /account/phone: a new address gets a code; once the code proves the address,
// the user proves who they are (step-up) and the address becomes their primary one. The current
// address can also be removed (when the sign-up does not require it).
import { useId, useState, type FormEvent } from 'react';
import { FormError } from '../components/FormError.tsx';
import { OneTimeCodeForm } from '../components/OneTimeCodeForm.tsx';
import { SubmitButton } from '../components/SubmitButton.tsx';
import { TextField } from '../components/TextField.tsx';
import { useAction } from '../flows/use-action.ts';
import { useTranslate } from '../i18n/index.ts';
import { navigate } from '../router.ts';
import { accountApi } from './api.ts';
import { accountBasePath } from './client.ts';
import { AccountLayout, FieldOff, ValueRow } from './components.tsx';
import { useAccount, useControl } from './context.ts';
import { useIdentityProof } from './proof.tsx';

type Sent = { value: string; verificationId: string };

export function ContactPage({ type }: { type: 'email' | 'phone' }) {
  const t = useTranslate();
  const { account, reload } = useAccount();
  const control = useControl(type);
  const proof = useIdentityProof();
  const errorId = useId();
  const sendAction = useAction();
  const codeAction = useAction();
  const removeAction = useAction();
  const [value, setValue] = useState('');
  const [sent, setSent] = useState<Sent | undefined>();
  const label = t(type === 'email' ? 'field.email' : 'field.phone');
  const title = t(type === 'email' ? 'account.email.title' : 'account.phone.title');
  const current = type === 'email' ? account.primaryEmail : account.primaryPhone;

  if (control === 'Off') return <FieldOff title={title} />;

  const send = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = value.trim();
    if (!trimmed) {
      sendAction.setError(t('error.required', { field: label }));
      return;
    }
    void sendAction.run(async () => {
      const created = await accountApi.sendCode({ type, value: trimmed });
      setSent({ value: trimmed, verificationId: created.verificationRecordId });
    });
  };

  const finish = async () => {
    await reload();
    navigate(`${accountBasePath}?done=${type}`);
  };

  return (
    <AccountLayout title={title}>
      <dl className="account-list">
        <ValueRow label={t('account.current_value', { field: label })} value={current || t('account.not_set')}>
          {control === 'Edit' && current ? (
            <button
              type="button"
              className="button link"
              aria-busy={removeAction.busy || undefined}
              onClick={() =>
                void removeAction.run(async () => {
                  await proof.forWrite((id) => accountApi.removePrimary(type, id));
                  await reload();
                })
              }
            >
              {t('account.button.remove')}
            </button>
          ) : null}
        </ValueRow>
      </dl>
      <FormError id={`${errorId}-remove`} message={removeAction.error} />
      {control !== 'Edit' ? null : sent ? (
        <OneTimeCodeForm
          action={codeAction}
          label={t('field.verification_code')}
          hint={t('page.verification_code.sent_to', { target: sent.value })}
          numeric
          resetKey={sent.verificationId}
          onSubmit={async (code) => {
            const identifier = { type, value: sent.value };
            const verified = await accountApi.verifyCode(identifier, sent.verificationId, code);
            await proof.forWrite((id) => accountApi.setPrimary(type, sent.value, verified.verificationRecordId, id));
            await finish();
          }}
        />
      ) : (
        <form method="post" noValidate onSubmit={send}>
          <TextField
            label={t('account.new_value', { field: label })}
            name={type}
            type={type === 'email' ? 'email' : 'tel'}
            autoComplete={type === 'email' ? 'email' : 'tel'}
            value={value}
            onChange={setValue}
            hint={type === 'phone' ? t('hint.phone') : undefined}
            required
            errorId={sendAction.error ? errorId : undefined}
          />
          <FormError id={errorId} message={sendAction.error} />
          <SubmitButton busy={sendAction.busy}>{t('button.send_code')}</SubmitButton>
        </form>
      )}
      {proof.dialog}
    </AccountLayout>
  );
}
