// /consent: the user is signed in and only has to continue to the app (first-party apps are
// consented by the OIDC service itself; this page is for flows that still land here).
import { useId, type FormEvent } from 'react';
import { FormError } from '../components/FormError.tsx';
import { Layout } from '../components/Layout.tsx';
import { SubmitButton } from '../components/SubmitButton.tsx';
import { submitAndRedirect } from '../flows/finish.ts';
import { useAction } from '../flows/use-action.ts';
import { useTranslate } from '../i18n/index.ts';

export function Consent() {
  const t = useTranslate();
  const action = useAction();
  const errorId = useId();
  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(submitAndRedirect);
  };
  return (
    <Layout title={t('page.consent.title')} subtitle={t('page.consent.description')}>
      <form method="post" onSubmit={handleSubmit}>
        <FormError id={errorId} message={action.error} />
        <SubmitButton busy={action.busy}>{t('button.continue')}</SubmitButton>
      </form>
    </Layout>
  );
}
