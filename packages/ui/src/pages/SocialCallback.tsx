// /callback/:connectorId: the provider sends the browser back here with `code` and `state`. We
// check the state against the one we kept, verify with the Experience API, then sign the user in
// — or, when no account has this identity yet and registration is allowed, create one.
import { useEffect, useRef, useState } from 'react';
import { identify, switchInteractionEvent, verifySocial } from '../api/experience.ts';
import { canRegister, canSignIn, type SignInExperience } from '../api/sign-in-experience.ts';
import { FormError } from '../components/FormError.tsx';
import { Layout } from '../components/Layout.tsx';
import { Link } from '../components/Link.tsx';
import { describeError, hasCode, isSessionError } from '../errors.ts';
import { submitAndRedirect } from '../flows/finish.ts';
import { showSessionError } from '../flows/session-error.ts';
import { clearSocialSession, readSocialSession, type SocialSession } from '../flows/social.ts';
import { useTranslate } from '../i18n/index.ts';
import { useSettings } from '../settings.ts';

class FlowError extends Error {}

/** Sign in with the verified identity; register with it when it belongs to nobody yet. */
async function signInOrRegister(session: SocialSession, verificationId: string, settings: SignInExperience, registerNotAllowed: string) {
  if (canSignIn(settings)) {
    if (session.interactionEvent !== 'SignIn') await switchInteractionEvent('SignIn');
    try {
      await identify(verificationId);
      await submitAndRedirect();
      return;
    } catch (error) {
      if (!hasCode(error, 'user.identity_not_exist')) throw error;
      if (!canRegister(settings)) throw new FlowError(registerNotAllowed);
    }
    await switchInteractionEvent('Register');
  }
  await identify(verificationId);
  await submitAndRedirect();
}

// The provider's code is single use: React's development double effects must not post it twice.
const handledCodes = new Set<string>();

export function SocialCallback({ connectorId }: { connectorId: string }) {
  const t = useTranslate();
  const settings = useSettings();
  const [error, setError] = useState<string | undefined>();
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const params = new URLSearchParams(window.location.search);
    const session = readSocialSession();
    const providerError = params.get('error');
    const code = params.get('code');
    const state = params.get('state');
    if (providerError) {
      clearSocialSession();
      setError(t('error.social_provider', { message: params.get('error_description') ?? providerError }));
      return;
    }
    if (!session || session.connectorId !== connectorId || !code || state !== session.state) {
      setError(t('error.social_state_mismatch'));
      return;
    }
    if (handledCodes.has(code)) return;
    handledCodes.add(code);
    const connectorData = { ...Object.fromEntries(params), redirectUri: session.redirectUri };
    void (async () => {
      try {
        const { verificationId } = await verifySocial(connectorId, session.verificationId, connectorData);
        clearSocialSession();
        await signInOrRegister(session, verificationId, settings, t('error.register_not_allowed'));
      } catch (caught) {
        if (isSessionError(caught)) showSessionError(caught);
        else setError(caught instanceof FlowError ? caught.message : describeError(caught, t));
      }
    })();
  }, [connectorId, settings, t]);

  return (
    <Layout title={error ? t('page.error.title') : t('page.social_callback.title')}>
      <div aria-busy={!error}>
        <FormError id="social-callback-error" message={error} />
        {error ? (
          <p className="switch">
            <Link to={canSignIn(settings) ? '/sign-in' : '/register'}>
              {canSignIn(settings) ? t('link.sign_in') : t('link.create_account')}
            </Link>
          </p>
        ) : null}
      </div>
    </Layout>
  );
}
