import { useTranslation } from 'react-i18next';
import { M2mExample } from './M2mExample.tsx';
import { CustomPhrases } from './CustomPhrases.tsx';
import { OidcKeys } from './OidcKeys.tsx';

// The tenant's keys and the machine-to-machine access to its Management API.
export function TenantSettings() {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="tenant-settings-title">
      <div className="page-header">
        <div>
          <h1 id="tenant-settings-title">{t('tenant_settings.title')}</h1>
          <p className="muted">{t('tenant_settings.subtitle')}</p>
        </div>
      </div>
      <OidcKeys keyType="private-keys" />
      <OidcKeys keyType="cookie-keys" />
      <M2mExample />
      <CustomPhrases />
    </section>
  );
}
