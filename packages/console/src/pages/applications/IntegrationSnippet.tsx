import type { ApplicationResponse } from '@idp/schemas';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { useUserEndpoint } from '../../api/use-user-endpoint.ts';

// What a developer pastes into their app: the Logto SDK's config for this app's kind, with this
// installation's endpoint and the app's id.
function snippetFor(app: ApplicationResponse, endpoint: string): string | undefined {
  switch (app.type) {
    case 'SPA':
      return [
        "import { LogtoProvider, type LogtoConfig } from '@logto/react';",
        '',
        'const config: LogtoConfig = {',
        `  endpoint: '${endpoint}/',`,
        `  appId: '${app.id}',`,
        '};',
        '',
        '// <LogtoProvider config={config}><App /></LogtoProvider>',
      ].join('\n');
    case 'Traditional':
      return [
        "import { handleAuthRoutes, withLogto } from '@logto/express';",
        '',
        'const config = {',
        `  endpoint: '${endpoint}/',`,
        `  appId: '${app.id}',`,
        "  appSecret: '<app secret>',",
        "  baseUrl: 'http://localhost:3000',",
        '};',
      ].join('\n');
    case 'Native':
      return ["import { LogtoProvider } from '@logto/rn';", '', `const config = { endpoint: '${endpoint}/', appId: '${app.id}' };`].join(
        '\n',
      );
    case 'MachineToMachine':
      return [
        `curl -X POST '${endpoint}/oidc/token' \\`,
        `  -u '${app.id}:<app secret>' \\`,
        "  -d 'grant_type=client_credentials' \\",
        "  -d 'resource=<API identifier>' \\",
        "  -d 'scope=<permissions>'",
      ].join('\n');
    default:
      return undefined;
  }
}

export function IntegrationSnippet({ application }: { application: ApplicationResponse }) {
  const { t } = useTranslation();
  const endpoint = useUserEndpoint();
  const snippet = endpoint ? snippetFor(application, endpoint) : undefined;
  if (!snippet) return null;
  return (
    <section className="card" aria-labelledby="snippet-title">
      <div className="page-header">
        <h2 id="snippet-title">{t('applications.integration')}</h2>
        <button
          type="button"
          className="secondary"
          onClick={() => navigator.clipboard.writeText(snippet).then(() => toast.success(t('common.copied')))}
        >
          {t('common.copy')}
        </button>
      </div>
      <pre data-testid="integration-snippet">
        <code>{snippet}</code>
      </pre>
    </section>
  );
}
