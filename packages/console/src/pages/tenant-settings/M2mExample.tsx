import { useQuery } from '@tanstack/react-query';
import type { ApplicationResponse } from '@idp/schemas';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/use-api.ts';
import { useUserEndpoint } from '../../api/use-user-endpoint.ts';
import { managementApiIndicator, managementApiScope } from '../../config.ts';

/** The two requests a server makes to call the Management API: a token by client credentials, then a call. */
export function managementApiExample(endpoint: string, appId: string): { token: string; call: string } {
  return {
    token: [
      `curl -X POST '${endpoint}/oidc/token' \\`,
      `  -u '${appId}:<app secret>' \\`,
      "  -H 'Content-Type: application/x-www-form-urlencoded' \\",
      "  -d 'grant_type=client_credentials' \\",
      `  -d 'resource=${managementApiIndicator}' \\`,
      `  -d 'scope=${managementApiScope}'`,
    ].join('\n'),
    call: [`curl '${endpoint}/api/applications' \\`, "  -H 'Authorization: Bearer <access_token>'"].join('\n'),
  };
}

// How machines reach the Management API, with this tenant's real endpoint and, once picked, a real app id.
export function M2mExample() {
  const { t } = useTranslation();
  const api = useApi();
  const endpoint = useUserEndpoint();
  const [appId, setAppId] = useState('');
  const apps = useQuery({
    queryKey: ['applications', { types: 'MachineToMachine' }],
    queryFn: () => api.page<ApplicationResponse>('/api/applications', { page: 1, page_size: 100, types: 'MachineToMachine' }),
  });
  const machines = (apps.data?.items ?? []).filter((app) => app.type === 'MachineToMachine');
  const example = endpoint ? managementApiExample(endpoint, appId || '<app id>') : undefined;

  return (
    <section className="card" aria-labelledby="m2m-title">
      <h2 id="m2m-title">{t('tenant_settings.m2m_title')}</h2>
      <p>{t('tenant_settings.m2m_text')}</p>
      {machines.length > 0 ? (
        <label className="field">
          <span>{t('tenant_settings.m2m_app')}</span>
          <select value={appId} onChange={(event) => setAppId(event.target.value)}>
            <option value="">{t('tenant_settings.m2m_app_placeholder')}</option>
            {machines.map((app) => (
              <option key={app.id} value={app.id}>
                {app.name}
              </option>
            ))}
          </select>
        </label>
      ) : apps.isSuccess ? (
        <p className="muted">{t('tenant_settings.m2m_no_app')}</p>
      ) : null}
      <pre data-testid="m2m-token-request">
        <code>{example?.token ?? t('common.loading')}</code>
      </pre>
      <p>{t('tenant_settings.m2m_steps')}</p>
      <pre data-testid="m2m-api-call">
        <code>{example?.call ?? t('common.loading')}</code>
      </pre>
    </section>
  );
}
