// /register: the sign-up identifiers decide the form. A username comes with a password in one
// form; an email or phone gets a code first, then whatever profile the settings still ask for
// (a password, a username, a verified email or phone), which the server names in
// `user.missing_profile`.
import { useEffect, useId, useState, type FormEvent } from 'react';
import { addProfile, createPasswordIdentity, identify, sendVerificationCode, type CodeIdentifier } from '../api/experience.ts';
import type { ApiError } from '../api/http.ts';
import { canRegister, canSignIn, socialConnectorsOf, type SocialConnector } from '../api/sign-in-experience.ts';
import { ContactStep } from '../components/ContactStep.tsx';
import { FormError } from '../components/FormError.tsx';
import { IdentifierField, useIdentifierInput } from '../components/IdentifierField.tsx';
import { Layout } from '../components/Layout.tsx';
import { Link } from '../components/Link.tsx';
import { PasswordField } from '../components/PasswordField.tsx';
import { PasswordStep } from '../components/PasswordStep.tsx';
import { Divider, SocialButtons } from '../components/SocialButtons.tsx';
import { SubmitButton } from '../components/SubmitButton.tsx';
import { UsernameStep } from '../components/UsernameStep.tsx';
import { VerificationCodeStep } from '../components/VerificationCodeStep.tsx';
import { hasCode } from '../errors.ts';
import { submitAndRedirect } from '../flows/finish.ts';
import { isValidUsername, uniqueTypes } from '../flows/identifier.ts';
import { startSocialSignIn } from '../flows/social.ts';
import { useAction } from '../flows/use-action.ts';
import { useExperience } from '../flows/use-experience.ts';
import { useTranslate } from '../i18n/index.ts';
import { navigate } from '../router.ts';
import { useSettings } from '../settings.ts';

type Step =
  | { kind: 'form' }
  | { kind: 'password'; username: string }
  | { kind: 'code'; identifier: CodeIdentifier; verificationId: string }
  | { kind: 'profile'; missing: Missing; username?: string };

type Missing = 'password' | 'username' | 'email' | 'phone' | 'emailOrPhone';
const askedInOrder: readonly Missing[] = ['username', 'password', 'email', 'phone', 'emailOrPhone'];
const contactTypes = { email: ['email'], phone: ['phone'], emailOrPhone: ['email', 'phone'] } as const;

/** What `user.missing_profile` says is still needed (Logto's names), in the order we ask for it. */
function firstMissing(error: ApiError): Missing | undefined {
  const missing = (error.data as { missingProfile?: unknown } | undefined)?.missingProfile;
  const list = Array.isArray(missing) ? missing.map(String) : [];
  return askedInOrder.find((item) => list.includes(item));
}

export function Register() {
  const t = useTranslate();
  const settings = useSettings();
  const allowed = canRegister(settings);
  const ready = useExperience(allowed ? 'Register' : undefined);
  const action = useAction();
  const errorId = useId();

  const types = uniqueTypes(settings.signUp.identifiers);
  const usernameOnly = types.length === 1 && types[0] === 'username';
  const connectors = socialConnectorsOf(settings);
  const [step, setStep] = useState<Step>({ kind: 'form' });
  const identifierInput = useIdentifierInput(types, action);
  const [password, setPassword] = useState('');

  useEffect(() => {
    if (!allowed) navigate('/sign-in', { replace: true });
  }, [allowed]);
  if (!allowed) return null;

  /** Creates the account from what the profile holds, asking for what is still missing. */
  const createAccount = async (verificationId?: string, username?: string) => {
    try {
      await identify(verificationId);
    } catch (error) {
      const missing = hasCode(error, 'user.missing_profile') ? firstMissing(error) : undefined;
      if (!missing) throw error;
      setStep({ kind: 'profile', missing, username });
      return;
    }
    await submitAndRedirect();
  };

  const registerWithUsername = async (username: string, newPassword: string) => {
    await ready();
    const { verificationId } = await createPasswordIdentity({ type: 'username', value: username }, newPassword);
    await createAccount(verificationId, username);
  };

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    const identifier = identifierInput.read();
    if (!identifier) return;
    if (identifier.type === 'username') {
      if (!isValidUsername(identifier.value)) return action.setError(t('error.invalid_username'));
      if (!usernameOnly) {
        setStep({ kind: 'password', username: identifier.value });
        return;
      }
      if (!password) return action.setError(t('error.required', { field: t('field.password') }));
      void action.run(() => registerWithUsername(identifier.value, password));
      return;
    }
    const codeIdentifier: CodeIdentifier = { type: identifier.type, value: identifier.value };
    void action.run(async () => {
      await ready();
      const { verificationId } = await sendVerificationCode(codeIdentifier, 'Register');
      setStep({ kind: 'code', identifier: codeIdentifier, verificationId });
    });
  };

  const selectSocial = (connector: SocialConnector) => {
    void action.run(async () => {
      await ready();
      await startSocialSignIn(connector, 'Register');
    });
  };

  const backToForm = () => setStep({ kind: 'form' });

  switch (step.kind) {
    case 'password':
      return (
        <PasswordStep
          title={t('page.register.set_password')}
          label={t('field.password')}
          buttonLabel={t('button.create_account')}
          username={step.username}
          onSubmit={(newPassword) => registerWithUsername(step.username, newPassword)}
          onBack={backToForm}
        />
      );
    case 'code':
      return (
        <VerificationCodeStep
          identifier={step.identifier}
          interactionEvent="Register"
          verificationId={step.verificationId}
          onVerified={(verificationId) => createAccount(verificationId, step.identifier.value)}
          onBack={backToForm}
        />
      );
    case 'profile':
      if (step.missing !== 'password' && step.missing !== 'username') {
        return <ContactStep types={contactTypes[step.missing]} onAdded={() => createAccount(undefined, step.username)} />;
      }
      return step.missing === 'password' ? (
        <PasswordStep
          title={t('page.register.set_password')}
          label={t('field.password')}
          buttonLabel={t('button.create_account')}
          username={step.username}
          onSubmit={async (newPassword) => {
            await addProfile({ type: 'password', value: newPassword });
            await createAccount(undefined, step.username);
          }}
        />
      ) : (
        <UsernameStep
          title={t('page.register.set_username')}
          onSubmit={async (username) => {
            await addProfile({ type: 'username', value: username });
            await createAccount(undefined, username);
          }}
        />
      );
    case 'form':
      break;
  }

  const hasForm = types.length > 0;
  const agreement = settings.termsOfUseUrl || settings.privacyPolicyUrl;

  return (
    <Layout title={t('page.register.title')} subtitle={t('page.register.subtitle')}>
      {hasForm ? (
        <form method="post" noValidate onSubmit={handleSubmit}>
          <IdentifierField input={identifierInput} errorId={action.error ? errorId : undefined} />
          {usernameOnly ? (
            <PasswordField
              purpose="new"
              label={t('field.password')}
              value={password}
              onChange={setPassword}
              errorId={action.error ? errorId : undefined}
            />
          ) : null}
          <FormError id={errorId} message={action.error} />
          <SubmitButton busy={action.busy}>
            {usernameOnly ? t('button.create_account') : types.includes('username') ? t('button.continue') : t('button.send_code')}
          </SubmitButton>
        </form>
      ) : (
        <FormError id={errorId} message={action.error} />
      )}
      {connectors.length > 0 ? (
        <>
          {hasForm ? <Divider /> : null}
          <SocialButtons connectors={connectors} onSelect={selectSocial} busy={action.busy} />
        </>
      ) : null}
      {agreement ? (
        <p className="agreement">
          {t('page.register.agreement')}{' '}
          {settings.termsOfUseUrl ? (
            <a href={settings.termsOfUseUrl} target="_blank" rel="noreferrer">
              {t('link.terms')}
            </a>
          ) : null}
          {settings.termsOfUseUrl && settings.privacyPolicyUrl ? ` ${t('page.register.and')} ` : null}
          {settings.privacyPolicyUrl ? (
            <a href={settings.privacyPolicyUrl} target="_blank" rel="noreferrer">
              {t('link.privacy')}
            </a>
          ) : null}
          .
        </p>
      ) : null}
      {canSignIn(settings) ? (
        <p className="switch">
          {t('page.register.have_account')} <Link to="/sign-in">{t('link.sign_in')}</Link>
        </p>
      ) : null}
    </Layout>
  );
}
