// The step after a code was sent: the user types the code, we verify it and hand the verified
// verificationId to the page. "Resend code" sends a new one (with a new verificationId).
import { useId, useState, type FormEvent } from 'react';
import { sendVerificationCode, verifyVerificationCode, type CodeIdentifier, type InteractionEvent } from '../api/experience.ts';
import { useAction } from '../flows/use-action.ts';
import { useTranslate } from '../i18n/index.ts';
import { FormError, Notice } from './FormError.tsx';
import { Layout } from './Layout.tsx';
import { SubmitButton } from './SubmitButton.tsx';
import { TextField } from './TextField.tsx';

type Props = {
  identifier: CodeIdentifier;
  interactionEvent: InteractionEvent;
  verificationId: string;
  /** Called with the verified verificationId; a rejection shows as this step's error. */
  onVerified: (verificationId: string) => Promise<void>;
  onBack: () => void;
};

export function VerificationCodeStep({ identifier, interactionEvent, verificationId: firstId, onVerified, onBack }: Props) {
  const t = useTranslate();
  const errorId = useId();
  const action = useAction();
  const [code, setCode] = useState('');
  const [verificationId, setVerificationId] = useState(firstId);
  const [notice, setNotice] = useState<string | undefined>();

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = code.replace(/\s/g, '');
    if (!trimmed) {
      action.setError(t('error.required', { field: t('field.verification_code') }));
      return;
    }
    setNotice(undefined);
    void action.run(async () => {
      const verified = await verifyVerificationCode(identifier, verificationId, trimmed);
      await onVerified(verified.verificationId);
    });
  };

  const resend = () => {
    setNotice(undefined);
    void action.run(async () => {
      const sent = await sendVerificationCode(identifier, interactionEvent);
      setVerificationId(sent.verificationId);
      setCode('');
      setNotice(t('page.verification_code.resent'));
    });
  };

  return (
    <Layout title={t('page.verification_code.title')} subtitle={t('page.verification_code.sent_to', { target: identifier.value })}>
      <form method="post" noValidate onSubmit={handleSubmit}>
        <TextField
          label={t('field.verification_code')}
          name="code"
          value={code}
          onChange={setCode}
          autoComplete="one-time-code"
          inputMode="numeric"
          maxLength={16}
          autoFocus
          required
          errorId={action.error ? errorId : undefined}
        />
        <FormError id={errorId} message={action.error} />
        <Notice message={notice} />
        <SubmitButton busy={action.busy}>{t('button.continue')}</SubmitButton>
      </form>
      <div className="secondary-actions">
        <button type="button" className="button link" onClick={resend}>
          {t('button.resend_code')}
        </button>
        <button type="button" className="button link" onClick={onBack}>
          {t('button.back')}
        </button>
      </div>
    </Layout>
  );
}
