// The step-up dialog: the current password, or a code sent to the user's current email address
// or phone number (which proves who they are just as well, and is the way for someone without a
// password). Each answer is a verification record for the `logto-verification-id` header.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { FormError } from '../components/FormError.tsx';
import { OneTimeCodeForm } from '../components/OneTimeCodeForm.tsx';
import { PasswordField } from '../components/PasswordField.tsx';
import { SubmitButton } from '../components/SubmitButton.tsx';
import { useAction } from '../flows/use-action.ts';
import { useTranslate } from '../i18n/index.ts';
import { accountApi } from './api.ts';
import { useAccount } from './context.ts';

export type Record = { id: string; expiresAt: number };
type Method = { kind: 'password' } | { kind: 'email' | 'phone'; value: string };
type Props = { onVerified: (record: Record) => void; onCancel: () => void };

const sameMethod = (a: Method, b: Method) => a.kind === b.kind;

export function StepUpDialog({ onVerified, onCancel }: Props) {
  const t = useTranslate();
  const titleId = useId();
  const ref = useRef<HTMLDialogElement>(null);
  const { account } = useAccount();
  const methods: Method[] = [
    ...(account.hasPassword === false ? [] : [{ kind: 'password' as const }]),
    ...(account.primaryEmail ? [{ kind: 'email' as const, value: account.primaryEmail }] : []),
    ...(account.primaryPhone ? [{ kind: 'phone' as const, value: account.primaryPhone }] : []),
  ];
  const [method, setMethod] = useState<Method | undefined>(methods[0]);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

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
      {method?.kind === 'password' ? <PasswordStep onVerified={onVerified} /> : null}
      {method && method.kind !== 'password' ? <CodeStep key={method.kind} method={method} onVerified={onVerified} /> : null}
      {method ? null : <p role="alert">{t('account.proof.no_method')}</p>}
      <div className="other-methods">
        <ul>
          {methods
            .filter((other) => !method || !sameMethod(other, method))
            .map((other) => (
              <li key={other.kind}>
                <button type="button" className="button link" onClick={() => setMethod(other)}>
                  {other.kind === 'password' ? t('account.proof.use_password') : t('account.proof.use_code', { target: other.value })}
                </button>
              </li>
            ))}
        </ul>
      </div>
      <div className="button-row">
        <button type="button" className="button secondary" onClick={onCancel}>
          {t('account.button.cancel')}
        </button>
      </div>
    </dialog>
  );
}

function PasswordStep({ onVerified }: Pick<Props, 'onVerified'>) {
  const t = useTranslate();
  const errorId = useId();
  const [password, setPassword] = useState('');
  const action = useAction();

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
    <form method="dialog" noValidate onSubmit={submit}>
      <p>{t('account.proof.description')}</p>
      <PasswordField
        purpose="current"
        label={t('account.proof.password')}
        value={password}
        onChange={setPassword}
        autoFocus
        errorId={action.error ? errorId : undefined}
      />
      <FormError id={errorId} message={action.error} />
      <SubmitButton busy={action.busy}>{t('button.continue')}</SubmitButton>
    </form>
  );
}

function CodeStep({ method, onVerified }: { method: { kind: 'email' | 'phone'; value: string } } & Pick<Props, 'onVerified'>) {
  const t = useTranslate();
  const sendAction = useAction();
  const codeAction = useAction();
  const [sent, setSent] = useState<Record | undefined>();
  const identifier = { type: method.kind, value: method.value };

  const send = () =>
    void sendAction.run(async () => {
      const created = await accountApi.sendCode(identifier);
      setSent({ id: created.verificationRecordId, expiresAt: new Date(created.expiresAt).getTime() });
    });

  if (!sent) {
    return (
      <div className="stack">
        <p>{t('account.proof.code_description', { target: method.value })}</p>
        <FormError id="step-up-send-error" message={sendAction.error} />
        <button type="button" className="button primary" aria-busy={sendAction.busy || undefined} onClick={send}>
          {t('button.send_code')}
        </button>
      </div>
    );
  }
  return (
    <OneTimeCodeForm
      action={codeAction}
      label={t('field.verification_code')}
      hint={t('page.verification_code.sent_to', { target: method.value })}
      numeric
      resetKey={sent.id}
      onSubmit={async (code) => {
        const verified = await accountApi.verifyCode(identifier, sent.id, code);
        onVerified({ id: verified.verificationRecordId, expiresAt: sent.expiresAt });
      }}
    />
  );
}
