// /mfa-binding/webauthn: the browser creates a passkey (or registers a security key) for the
// account; the server checks it, and it joins the account as its second step. Such passkeys are
// discoverable, so they also sign the user in without a password.
import { useId } from 'react';
import { bindMfa, createWebAuthnRegistration, verifyWebAuthnRegistration } from '../api/mfa.ts';
import { ChooseAnotherMethod } from '../components/ChooseAnotherMethod.tsx';
import { FormError } from '../components/FormError.tsx';
import { Layout } from '../components/Layout.tsx';
import { submitAndRedirect } from '../flows/finish.ts';
import { useAction } from '../flows/use-action.ts';
import { registerPasskey } from '../flows/webauthn.ts';
import { useTranslate } from '../i18n/index.ts';

export function WebAuthnBinding() {
  const t = useTranslate();
  const action = useAction();
  const errorId = useId();

  const create = () => {
    void action.run(async () => {
      const { verificationId, registrationOptions } = await createWebAuthnRegistration();
      const payload = await registerPasskey(registrationOptions);
      const verified = await verifyWebAuthnRegistration(verificationId, payload);
      await bindMfa('WebAuthn', verified.verificationId);
      await submitAndRedirect();
    });
  };

  return (
    <Layout title={t('page.webauthn_binding.title')} subtitle={t('page.webauthn_binding.subtitle')}>
      <div className="stack">
        <FormError id={errorId} message={action.error} />
        <button type="button" className="button primary" aria-busy={action.busy || undefined} onClick={create}>
          {t('button.create_passkey')}
        </button>
      </div>
      <ChooseAnotherMethod />
    </Layout>
  );
}
