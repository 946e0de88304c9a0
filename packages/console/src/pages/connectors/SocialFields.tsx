import type { UseFormReturn } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { ConnectorForm } from './connector-form.ts';

/** What a social connector adds to its settings: the button's name and profile syncing. */
export function SocialFields({ form }: { form: UseFormReturn<ConnectorForm> }) {
  const { t } = useTranslation();
  return (
    <>
      <label className="field">
        <span>{t('connectors.social_name')}</span>
        <input autoComplete="off" {...form.register('name')} />
      </label>
      <label className="checkbox">
        <input type="checkbox" {...form.register('syncProfile')} />
        {t('connectors.sync_profile')}
      </label>
    </>
  );
}
