// /consent: a third-party app asks for access. Shows the app, the signed-in user and what the app
// asks for (Logto's consent API); Authorize grants it and returns to the authorization, Cancel
// returns to the app's redirect URI without granting, as Logto's page does. First-party apps
// never get here: the gateway consents for them before the page is served. An app asking for the
// user's organizations gets the one picked here.
import { useId, useState, type FormEvent } from 'react';
import { FormError } from '../components/FormError.tsx';
import { Layout } from '../components/Layout.tsx';
import { LoadingOrRetry } from '../components/LoadingOrRetry.tsx';
import { SubmitButton } from '../components/SubmitButton.tsx';
import { useAction } from '../flows/use-action.ts';
import { useLoaded } from '../flows/use-loaded.ts';
import { isPhraseKey, useTranslate } from '../i18n/index.ts';
import { consent, getConsentInfo, type ConsentInfoResponse } from './consent-api.ts';

const originOf = (uri: string) => {
  try {
    return new URL(uri).origin;
  } catch {
    return uri;
  }
};

function Scopes({ info }: { info: ConsentInfoResponse }) {
  const t = useTranslate();
  const name = info.application.name;
  const userScopes = info.missingOIDCScope.map((scope) => {
    const key = `page.consent.scope.${scope}`;
    return { scope, label: isPhraseKey(key) ? t(key) : scope };
  });
  if (userScopes.length === 0 && info.missingResourceScopes.length === 0) return null;
  return (
    <section className="stack" aria-label={t('page.consent.asks_for', { name })}>
      <p>{t('page.consent.asks_for', { name })}</p>
      {userScopes.length > 0 ? (
        <ul className="consent-scopes">
          {userScopes.map(({ scope, label }) => (
            <li key={scope} data-scope={scope}>
              {label}
            </li>
          ))}
        </ul>
      ) : null}
      {info.missingResourceScopes.map(({ resource, scopes }) => (
        <div key={resource.id}>
          <p>{t('page.consent.resource', { resource: resource.name })}</p>
          <ul className="consent-scopes">
            {scopes.map((scope) => (
              <li key={scope.id} data-scope={scope.name}>
                <code>{scope.name}</code>
                {scope.description ? ` ${scope.description}` : null}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}

/** Which of the user's organizations the app may act for (when it asks for organizations): one, as in Logto. */
function OrganizationPicker({ info, value, onChange }: { info: ConsentInfoResponse; value: string; onChange: (id: string) => void }) {
  const t = useTranslate();
  const id = useId();
  if (info.organizations.length === 0) return null;
  return (
    <div className="field">
      <label htmlFor={id}>{t('page.consent.organization')}</label>
      <select id={id} name="organization" value={value} onChange={(event) => onChange(event.target.value)}>
        {info.organizations.map((organization) => (
          <option key={organization.id} value={organization.id}>
            {organization.name}
          </option>
        ))}
      </select>
      <p className="hint">{t('page.consent.organization_hint', { name: info.application.name })}</p>
    </div>
  );
}

export function Consent() {
  const t = useTranslate();
  const { value: info, loader, reload } = useLoaded(getConsentInfo);
  const action = useAction();
  const errorId = useId();
  const [picked, setPicked] = useState<string>();

  if (!info) {
    return (
      <Layout title={t('page.consent.title', { name: '' }).trim()}>
        <LoadingOrRetry loader={loader} onRetry={reload} />
      </Layout>
    );
  }

  const name = info.application.name;
  const user = info.user.name ?? info.user.username ?? info.user.primaryEmail ?? info.user.primaryPhone ?? info.user.id;
  const organizationId = picked ?? info.organizations[0]?.id;
  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      const { redirectTo } = await consent(organizationId ? [organizationId] : undefined);
      window.location.replace(redirectTo);
      // Keep the form busy while the browser leaves.
      await new Promise(() => {});
    });
  };
  const redirectUri = info.redirectUri;

  return (
    <Layout title={t('page.consent.title', { name })} subtitle={t('page.consent.description', { name })}>
      <p className="consent-user">{t('page.consent.signed_in_as', { user })}</p>
      <Scopes info={info} />
      <form method="post" onSubmit={handleSubmit} aria-describedby={action.error ? errorId : undefined}>
        <OrganizationPicker info={info} value={organizationId ?? ''} onChange={setPicked} />
        <FormError id={errorId} message={action.error} />
        <div className="button-row">
          {redirectUri ? (
            <button type="button" className="button secondary" onClick={() => window.location.replace(redirectUri)}>
              {t('button.cancel')}
            </button>
          ) : null}
          <SubmitButton busy={action.busy}>{t('button.authorize')}</SubmitButton>
        </div>
      </form>
      {redirectUri ? <p className="hint">{t('page.consent.redirect_to', { origin: originOf(redirectUri) })}</p> : null}
    </Layout>
  );
}
