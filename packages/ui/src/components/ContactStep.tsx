// A step that asks for the email address or phone number a registration still needs (Logto's
// secondary sign-up identifiers): the contact is verified with a code, then added to the profile.
import { useId, useState, type FormEvent } from 'react';
import { addProfile, sendVerificationCode, type CodeIdentifier } from '../api/experience.ts';
import { useAction } from '../flows/use-action.ts';
import { useTranslate } from '../i18n/index.ts';
import { FormError } from './FormError.tsx';
import { IdentifierField, useIdentifierInput } from './IdentifierField.tsx';
import { Layout } from './Layout.tsx';
import { SubmitButton } from './SubmitButton.tsx';
import { VerificationCodeStep } from './VerificationCodeStep.tsx';

type Props = {
  types: ReadonlyArray<'email' | 'phone'>;
  /** Called once the verified contact is in the profile. */
  onAdded: () => Promise<void>;
};

export function ContactStep({ types, onAdded }: Props) {
  const t = useTranslate();
  const errorId = useId();
  const action = useAction();
  const input = useIdentifierInput(types, action);
  const [sent, setSent] = useState<{ identifier: CodeIdentifier; verificationId: string } | undefined>();

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    const identifier = input.read();
    if (!identifier) return;
    if (identifier.type === 'username') return action.setError(t('error.invalid_identifier', { field: input.label }));
    const codeIdentifier: CodeIdentifier = { type: identifier.type, value: identifier.value };
    void action.run(async () => {
      const { verificationId } = await sendVerificationCode(codeIdentifier, 'Register');
      setSent({ identifier: codeIdentifier, verificationId });
    });
  };

  if (sent) {
    return (
      <VerificationCodeStep
        identifier={sent.identifier}
        interactionEvent="Register"
        verificationId={sent.verificationId}
        onVerified={async (verificationId) => {
          await addProfile({ type: sent.identifier.type, verificationId });
          await onAdded();
        }}
        onBack={() => setSent(undefined)}
      />
    );
  }
  return (
    <Layout title={t('page.register.add_contact', { field: input.label.toLowerCase() })}>
      <form method="post" noValidate onSubmit={handleSubmit}>
        <IdentifierField input={input} errorId={action.error ? errorId : undefined} />
        <FormError id={errorId} message={action.error} />
        <SubmitButton busy={action.busy}>{t('button.send_code')}</SubmitButton>
      </form>
    </Layout>
  );
}
