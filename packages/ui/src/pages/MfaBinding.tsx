// /mfa-binding: the account has no second step yet and the tenant asks for one. The user picks
// the factor to set up; when the tenant lets it wait, "Skip for now" goes on to the app.
import { useId } from 'react';
import type { MfaFactor } from '../api/mfa.ts';
import { skipMfa } from '../api/mfa.ts';
import { FormError } from '../components/FormError.tsx';
import { Layout } from '../components/Layout.tsx';
import { Link } from '../components/Link.tsx';
import { submitAndRedirect } from '../flows/finish.ts';
import { bindableFactors, bindingPath, factorNames } from '../flows/mfa.ts';
import { useAction } from '../flows/use-action.ts';
import { useMfaState } from '../flows/use-mfa-state.ts';
import { useTranslate, type PhraseKey } from '../i18n/index.ts';

const descriptions: Partial<Record<MfaFactor, PhraseKey>> = {
  Totp: 'mfa.description.totp',
  WebAuthn: 'mfa.description.webauthn',
  BackupCode: 'mfa.description.backup_code',
};

export function MfaBinding() {
  const t = useTranslate();
  const { state, error } = useMfaState();
  const action = useAction();
  const errorId = useId();
  const factors = (state?.bind ?? []).filter((factor) => bindableFactors.includes(factor));
  const skippable = state?.skippable === true;

  const skip = () => {
    void action.run(async () => {
      await skipMfa();
      await submitAndRedirect();
    });
  };

  return (
    <Layout
      title={t('page.mfa_binding.title')}
      subtitle={t(skippable ? 'page.mfa_binding.subtitle_optional' : 'page.mfa_binding.subtitle_required')}
    >
      {factors.length > 0 ? (
        <ul className="choice-list" aria-label={t('page.mfa_binding.choices')}>
          {factors.map((factor) => {
            const description = descriptions[factor];
            return (
              <li key={factor}>
                <Link to={bindingPath(factor)} className="choice">
                  <span className="choice-name">{t(factorNames[factor])}</span>
                  {description ? <span className="choice-description">{t(description)}</span> : null}
                </Link>
              </li>
            );
          })}
        </ul>
      ) : state ? (
        <p role="alert">{t('error.no_mfa_method')}</p>
      ) : (
        <p aria-busy="true">{t('app.loading')}</p>
      )}
      <FormError id={errorId} message={action.error ?? error} />
      {skippable ? (
        <div className="secondary-actions">
          <button type="button" className="button link" aria-busy={action.busy || undefined} onClick={skip}>
            {t('button.skip')}
          </button>
        </div>
      ) : null}
      <p className="switch">
        <Link to="/sign-in">{t('link.back_to_sign_in')}</Link>
      </p>
    </Layout>
  );
}
