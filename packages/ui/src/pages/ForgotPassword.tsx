// /forgot-password: email (or phone) → verification code → new password. The reset ends the
// experience, so the user goes back to /sign-in, which starts a fresh sign-in.
import { useId, useState, type FormEvent } from 'react';
import { identify, resetPassword, sendVerificationCode, submit, type CodeIdentifier } from '../api/experience.ts';
import { resetTypesOf, type IdentifierType } from '../api/sign-in-experience.ts';
import { FormError } from '../components/FormError.tsx';
import { IdentifierField, useIdentifierInput } from '../components/IdentifierField.tsx';
import { Layout } from '../components/Layout.tsx';
import { Link } from '../components/Link.tsx';
import { PasswordStep } from '../components/PasswordStep.tsx';
import { SubmitButton } from '../components/SubmitButton.tsx';
import { VerificationCodeStep } from '../components/VerificationCodeStep.tsx';
import { uniqueTypes } from '../flows/identifier.ts';
import { useAction } from '../flows/use-action.ts';
import { useExperience } from '../flows/use-experience.ts';
import { useTranslate } from '../i18n/index.ts';
import { navigate } from '../router.ts';
import { useSettings } from '../settings.ts';
import { passwordResetFlag } from './SignIn.tsx';

type Step = { kind: 'form' } | { kind: 'code'; identifier: CodeIdentifier; verificationId: string } | { kind: 'password' };

export function ForgotPassword() {
  const t = useTranslate();
  const settings = useSettings();
  const ready = useExperience('ForgotPassword');
  const action = useAction();
  const errorId = useId();
  const [step, setStep] = useState<Step>({ kind: 'form' });

  // Codes go to an email address or a phone: whichever the tenant uses, email when it uses neither.
  const used = [...settings.signIn.methods.map((method) => method.identifier), ...settings.signUp.identifiers];
  const codeTypes = uniqueTypes(used).filter((type): type is Exclude<IdentifierType, 'username'> => type !== 'username');
  // …of those the tenant's forgotPasswordMethods allow (when it lists them).
  const candidates =
    codeTypes.length > 0 ? codeTypes : settings.forgotPasswordMethods ? (['email', 'phone'] as const) : (['email'] as const);
  const allowed = resetTypesOf(settings, candidates);
  const types = allowed.length > 0 ? allowed : candidates;
  const contact = useIdentifierInput(types, action);

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    const identifier = contact.read();
    if (!identifier) return;
    if (identifier.type === 'username') return action.setError(t('error.invalid_identifier', { field: contact.label }));
    const codeIdentifier: CodeIdentifier = { type: identifier.type, value: identifier.value };
    void action.run(async () => {
      await ready();
      const { verificationId } = await sendVerificationCode(codeIdentifier, 'ForgotPassword');
      setStep({ kind: 'code', identifier: codeIdentifier, verificationId });
    });
  };

  if (step.kind === 'code') {
    return (
      <VerificationCodeStep
        identifier={step.identifier}
        interactionEvent="ForgotPassword"
        verificationId={step.verificationId}
        onVerified={async (verificationId) => {
          await identify(verificationId);
          setStep({ kind: 'password' });
        }}
        onBack={() => setStep({ kind: 'form' })}
      />
    );
  }

  if (step.kind === 'password') {
    return (
      <PasswordStep
        title={t('page.forgot_password.new_password')}
        label={t('field.new_password')}
        buttonLabel={t('button.continue')}
        onSubmit={async (password) => {
          await resetPassword(password);
          const result = await submit();
          if (result?.redirectTo) window.location.replace(result.redirectTo);
          else navigate(`/sign-in?${passwordResetFlag}=1`, { replace: true });
        }}
      />
    );
  }

  return (
    <Layout title={t('page.forgot_password.title')} subtitle={t('page.forgot_password.subtitle', { type: contact.label.toLowerCase() })}>
      <form method="post" noValidate onSubmit={handleSubmit}>
        <IdentifierField input={contact} errorId={action.error ? errorId : undefined} />
        <FormError id={errorId} message={action.error} />
        <SubmitButton busy={action.busy}>{t('button.send_code')}</SubmitButton>
      </form>
      <p className="switch">
        <Link to="/sign-in">{t('link.sign_in')}</Link>
      </p>
    </Layout>
  );
}
