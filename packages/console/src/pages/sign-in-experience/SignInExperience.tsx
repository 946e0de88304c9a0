import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ConnectorResponse, SignInExperienceDetails } from '@idp/schemas';
import { useMemo, useState } from 'react';
import { FormProvider, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { errorMessage } from '../../api/errors.ts';
import { useApi } from '../../api/use-api.ts';
import { Modal } from '../../components/Modal.tsx';
import { AccountCenterCard } from './AccountCenterCard.tsx';
import { BrandingSection } from './BrandingSection.tsx';
import { type Body, bodyOf, changes, type Form, formOf, type Section } from './form-model.ts';
import { PoliciesSection } from './PoliciesSection.tsx';
import { PreviewFrame } from './PreviewFrame.tsx';
import { SignUpSection } from './SignUpSection.tsx';
import { SocialSection } from './SocialSection.tsx';
import { discardEdits, keepEdits } from '../../components/form-reset.ts';

const sectionLabels: Record<Section, string> = {
  color: 'sign_in_experience.changed.color',
  branding: 'sign_in_experience.changed.branding',
  customCss: 'sign_in_experience.changed.customCss',
  signUp: 'sign_in_experience.changed.signUp',
  signIn: 'sign_in_experience.changed.signIn',
  socialSignInConnectorTargets: 'sign_in_experience.changed.socialSignInConnectorTargets',
  passwordPolicy: 'sign_in_experience.changed.passwordPolicy',
  mfa: 'sign_in_experience.changed.mfa',
  sentinelPolicy: 'sign_in_experience.changed.sentinelPolicy',
};

export function SignInExperience() {
  const { t } = useTranslation();
  const api = useApi();
  const settings = useQuery({ queryKey: ['sign-in-exp'], queryFn: () => api.get<SignInExperienceDetails>('/api/sign-in-exp') });
  const connectors = useQuery({ queryKey: ['connectors'], queryFn: () => api.get<ConnectorResponse[]>('/api/connectors') });
  const error = settings.error ?? connectors.error;
  return (
    <section aria-labelledby="sie-title">
      <div className="page-header">
        <div>
          <h1 id="sie-title">{t('sign_in_experience.title')}</h1>
          <p className="muted">{t('sign_in_experience.subtitle')}</p>
        </div>
      </div>
      {error ? (
        <p role="alert" className="error">
          {errorMessage(error)}
        </p>
      ) : settings.data && connectors.data ? (
        <SettingsForm settings={settings.data} connectors={connectors.data} />
      ) : (
        <p className="muted">{t('common.loading')}</p>
      )}
      <AccountCenterCard />
    </section>
  );
}

/** Every sign-in experience setting in one form; saving first shows which parts change. */
function SettingsForm({ settings, connectors }: { settings: SignInExperienceDetails; connectors: ConnectorResponse[] }) {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const baseline = useMemo(() => formOf(settings), [settings]);
  const form = useForm<Form>({ values: baseline, resetOptions: keepEdits });
  const { handleSubmit, reset, setError, clearErrors, formState } = form;
  const [pending, setPending] = useState<Partial<Body>>();
  const save = useMutation({
    mutationFn: (body: Partial<Body>) => api.patch<SignInExperienceDetails>('/api/sign-in-exp', body),
    onSuccess: (saved) => {
      queryClient.setQueryData(['sign-in-exp'], saved);
      reset(formOf(saved), discardEdits);
      setPending(undefined);
      toast.success(t('common.saved'));
    },
    onError: (caught) => {
      setPending(undefined);
      // The API's rules span several sections (sign-up against sign-in): its message goes above the buttons.
      setError('root.server', { type: 'server', message: errorMessage(caught) });
    },
  });
  const changedSections = pending ? (Object.keys(pending) as Section[]) : [];

  return (
    <FormProvider {...form}>
      <form
        noValidate
        aria-label={t('sign_in_experience.title')}
        onSubmit={handleSubmit((values) => {
          clearErrors('root.server');
          setPending(changes(bodyOf(baseline), bodyOf(values)));
        })}
      >
        <BrandingSection />
        <PreviewFrame />
        <SignUpSection />
        <SocialSection connectors={connectors} />
        <PoliciesSection />
        {formState.errors.root?.server ? (
          <p role="alert" className="error">
            {formState.errors.root.server.message}
          </p>
        ) : null}
        <div className="actions sticky-actions">
          <button type="button" className="secondary" disabled={!formState.isDirty} onClick={() => reset(baseline, discardEdits)}>
            {t('sign_in_experience.discard')}
          </button>
          <button type="submit" disabled={!formState.isDirty || save.isPending}>
            {t('common.save')}
          </button>
        </div>
      </form>
      <Modal
        open={pending !== undefined}
        onOpenChange={(open) => (open ? undefined : setPending(undefined))}
        title={t('sign_in_experience.confirm_title')}
        description={changedSections.length > 0 ? t('sign_in_experience.confirm_text') : t('sign_in_experience.no_changes')}
      >
        <ul aria-label={t('sign_in_experience.changed_sections')}>
          {changedSections.map((section) => (
            <li key={section}>{t(sectionLabels[section])}</li>
          ))}
        </ul>
        <div className="actions">
          <button type="button" className="secondary" onClick={() => setPending(undefined)}>
            {t('common.cancel')}
          </button>
          <button type="button" disabled={changedSections.length === 0 || save.isPending} onClick={() => pending && save.mutate(pending)}>
            {t('sign_in_experience.confirm_save')}
          </button>
        </div>
      </Modal>
    </FormProvider>
  );
}
