// The step after a code was sent: the user types the code, we verify it and hand the verified
// verificationId to the page. "Resend code" sends a new one (with a new verificationId).
import { useState } from 'react';
import { sendVerificationCode, verifyVerificationCode, type CodeIdentifier, type InteractionEvent } from '../api/experience.ts';
import { useAction } from '../flows/use-action.ts';
import { useTranslate } from '../i18n/index.ts';
import { Notice } from './FormError.tsx';
import { Layout } from './Layout.tsx';
import { OneTimeCodeForm } from './OneTimeCodeForm.tsx';

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
  const action = useAction();
  const [verificationId, setVerificationId] = useState(firstId);
  const [notice, setNotice] = useState<string | undefined>();

  const resend = () => {
    setNotice(undefined);
    void action.run(async () => {
      const sent = await sendVerificationCode(identifier, interactionEvent);
      setVerificationId(sent.verificationId);
      setNotice(t('page.verification_code.resent'));
    });
  };

  return (
    <Layout title={t('page.verification_code.title')} subtitle={t('page.verification_code.sent_to', { target: identifier.value })}>
      <OneTimeCodeForm
        action={action}
        label={t('field.verification_code')}
        numeric
        resetKey={verificationId}
        onSubmit={async (code) => {
          setNotice(undefined);
          const verified = await verifyVerificationCode(identifier, verificationId, code);
          await onVerified(verified.verificationId);
        }}
      >
        <Notice message={notice} />
      </OneTimeCodeForm>
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
