// /sign-in: identifier + password (or a verification code), links to reset the password and to
// create an account, the passkey and social sign-in buttons — all as the sign-in experience allows.
import { browserSupportsWebAuthnAutofill, WebAuthnAbortService } from '@simplewebauthn/browser';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { identify, sendVerificationCode, verifyPassword, type CodeIdentifier } from '../api/experience.ts';
import { createPasskeySignIn, verifyPasskeySignIn } from '../api/mfa.ts';
import {
  allowsPasskeyAutofill,
  canRegister,
  canSignIn,
  showsPasskeyButton,
  socialConnectorsOf,
  type IdentifierType,
  type SocialConnector,
} from '../api/sign-in-experience.ts';
import { FormError, Notice } from '../components/FormError.tsx';
import { Layout } from '../components/Layout.tsx';
import { Link } from '../components/Link.tsx';
import { PasswordField } from '../components/PasswordField.tsx';
import { Divider, SocialButtons } from '../components/SocialButtons.tsx';
import { SubmitButton } from '../components/SubmitButton.tsx';
import { TextField } from '../components/TextField.tsx';
import { VerificationCodeStep } from '../components/VerificationCodeStep.tsx';
import { describeError, PhraseError, QuietError } from '../errors.ts';
import { submitAndRedirect } from '../flows/finish.ts';
import { identifierInputProps, identifierLabel, parseIdentifier, uniqueTypes } from '../flows/identifier.ts';
import { startSocialSignIn } from '../flows/social.ts';
import { useAction } from '../flows/use-action.ts';
import { useExperience } from '../flows/use-experience.ts';
import { authenticateWithPasskey } from '../flows/webauthn.ts';
import { useTranslate } from '../i18n/index.ts';
import { navigate, useLocation } from '../router.ts';
import { useSettings } from '../settings.ts';

type Mode = 'password' | 'code';
type Step = { kind: 'form' } | { kind: 'code'; identifier: CodeIdentifier; verificationId: string };

/** A passkey names the account and counts as its second step: identify, then finish. */
async function finishPasskeySignIn(verificationId: string, payload: Parameters<typeof verifyPasskeySignIn>[1]): Promise<void> {
  const verified = await verifyPasskeySignIn(verificationId, payload);
  await identify(verified.verificationId);
  await submitAndRedirect();
}

/** Set by the password-reset page: `/sign-in?reset=1` says the password was changed. */
export const passwordResetFlag = 'reset';

export function SignIn() {
  const t = useTranslate();
  const settings = useSettings();
  const { searchParams } = useLocation();
  const allowed = canSignIn(settings);
  const ready = useExperience(allowed ? 'SignIn' : undefined);
  const action = useAction();
  const errorId = useId();

  const { methods } = settings.signIn;
  const passwordTypes = uniqueTypes(methods.filter((method) => method.password).map((method) => method.identifier));
  const codeTypes = uniqueTypes(
    methods.filter((method) => method.verificationCode && method.identifier !== 'username').map((method) => method.identifier),
  );
  const passwordFirst =
    passwordTypes.length > 0 && (codeTypes.length === 0 || methods.some((method) => method.password && method.isPasswordPrimary));
  const [mode, setMode] = useState<Mode>(passwordFirst ? 'password' : 'code');
  const [step, setStep] = useState<Step>({ kind: 'form' });
  const [identifierValue, setIdentifierValue] = useState('');
  const [password, setPassword] = useState('');

  useEffect(() => {
    if (!allowed) navigate('/register', { replace: true });
  }, [allowed]);

  // Passkeys offered in the identifier field's autofill list (conditional mediation): the
  // request waits in the background until the user picks one, or another prompt replaces it.
  const types: IdentifierType[] = mode === 'password' ? passwordTypes : codeTypes;
  const hasForm = types.length > 0;
  const autofill = allowed && allowsPasskeyAutofill(settings) && step.kind === 'form' && hasForm;
  const { run, setError } = action;
  useEffect(() => {
    if (!autofill) return;
    let left = false;
    void (async () => {
      if (!(await browserSupportsWebAuthnAutofill())) return;
      await ready();
      const { verificationId, authenticationOptions } = await createPasskeySignIn();
      if (left) return;
      const payload = await authenticateWithPasskey(authenticationOptions, { autofill: true });
      await run(() => finishPasskeySignIn(verificationId, payload));
    })().catch((error: unknown) => {
      // A closed or replaced autofill prompt is no failure; anything else is worth saying.
      if (left || error instanceof QuietError || (error instanceof PhraseError && error.key === 'error.webauthn_cancelled')) return;
      setError(describeError(error, t));
    });
    return () => {
      left = true;
      WebAuthnAbortService.cancelCeremony();
    };
  }, [autofill, ready, run, setError, t]);

  if (!allowed) return null;

  const label = identifierLabel(types, t);
  const connectors = socialConnectorsOf(settings);
  const passkeyButton = showsPasskeyButton(settings);

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    const identifier = parseIdentifier(identifierValue, types);
    if (!identifierValue.trim()) return action.setError(t('error.required', { field: label }));
    if (!identifier) return action.setError(t('error.invalid_identifier', { field: label }));
    if (mode === 'password') {
      if (!password) return action.setError(t('error.required', { field: t('field.password') }));
      void action.run(async () => {
        await ready();
        const { verificationId } = await verifyPassword(identifier, password);
        await identify(verificationId);
        await submitAndRedirect();
      });
      return;
    }
    if (identifier.type === 'username') return action.setError(t('error.invalid_identifier', { field: label }));
    const codeIdentifier: CodeIdentifier = { type: identifier.type, value: identifier.value };
    void action.run(async () => {
      await ready();
      const { verificationId } = await sendVerificationCode(codeIdentifier, 'SignIn');
      setStep({ kind: 'code', identifier: codeIdentifier, verificationId });
    });
  };

  const signInWithPasskey = () => {
    void action.run(async () => {
      await ready();
      const { verificationId, authenticationOptions } = await createPasskeySignIn();
      const payload = await authenticateWithPasskey(authenticationOptions);
      await finishPasskeySignIn(verificationId, payload);
    });
  };

  const selectSocial = (connector: SocialConnector) => {
    void action.run(async () => {
      await ready();
      await startSocialSignIn(connector, 'SignIn');
    });
  };

  if (step.kind === 'code') {
    return (
      <VerificationCodeStep
        identifier={step.identifier}
        interactionEvent="SignIn"
        verificationId={step.verificationId}
        onVerified={async (verificationId) => {
          await identify(verificationId);
          await submitAndRedirect();
        }}
        onBack={() => setStep({ kind: 'form' })}
      />
    );
  }

  const switchMode = (next: Mode) => {
    action.setError(undefined);
    setMode(next);
  };

  return (
    <Layout title={t('page.sign_in.title')} subtitle={t('page.sign_in.subtitle')}>
      <Notice message={searchParams.has(passwordResetFlag) ? t('page.sign_in.password_reset_done') : undefined} />
      {hasForm ? (
        <form method="post" noValidate onSubmit={handleSubmit}>
          <TextField
            key={mode}
            label={label}
            name="identifier"
            value={identifierValue}
            onChange={setIdentifierValue}
            {...identifierInputProps(types, 'sign-in')}
            {...(autofill ? { autoComplete: `${identifierInputProps(types, 'sign-in').autoComplete} webauthn` } : {})}
            autoFocus
            required
            errorId={action.error ? errorId : undefined}
          />
          {mode === 'password' ? (
            <PasswordField
              purpose="current"
              label={t('field.password')}
              value={password}
              onChange={setPassword}
              errorId={action.error ? errorId : undefined}
            />
          ) : null}
          {mode === 'password' && settings.forgotPasswordMethods?.length !== 0 ? (
            <p className="form-link">
              <Link to="/forgot-password">{t('link.forgot_password')}</Link>
            </p>
          ) : null}
          <FormError id={errorId} message={action.error} />
          <SubmitButton busy={action.busy}>{mode === 'password' ? t('button.sign_in') : t('button.send_code')}</SubmitButton>
        </form>
      ) : (
        <FormError id={errorId} message={action.error} />
      )}
      {mode === 'password' && codeTypes.length > 0 ? (
        <button type="button" className="button link" onClick={() => switchMode('code')}>
          {t('button.use_code')}
        </button>
      ) : null}
      {mode === 'code' && passwordTypes.length > 0 ? (
        <button type="button" className="button link" onClick={() => switchMode('password')}>
          {t('button.use_password')}
        </button>
      ) : null}
      {passkeyButton || connectors.length > 0 ? (
        <>
          {hasForm ? <Divider /> : null}
          {passkeyButton ? (
            <button type="button" className="button social passkey" aria-busy={action.busy || undefined} onClick={signInWithPasskey}>
              {t('button.passkey_sign_in')}
            </button>
          ) : null}
          <SocialButtons connectors={connectors} onSelect={selectSocial} busy={action.busy} />
        </>
      ) : null}
      {canRegister(settings) ? (
        <p className="switch">
          {t('page.sign_in.no_account')} <Link to="/register">{t('link.create_account')}</Link>
        </p>
      ) : null}
    </Layout>
  );
}
