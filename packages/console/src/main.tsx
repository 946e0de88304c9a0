import './csp-nonce.ts';
import { LogtoProvider, type LogtoConfig } from '@logto/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './App.tsx';
import { Notifications } from './components/Notifications.tsx';
import {
  adminManagementApiIndicator,
  appId,
  adminEndpoint,
  basename,
  managementApiIndicator,
  managementApiScope,
  meApiIndicator,
} from './config.ts';
import { ApiError, SessionExpiredError } from './api/errors.ts';
import { initI18n } from './i18n/index.ts';
// Sonner's own styles as a file: the CSP refuses the style tag it would inject.
import 'sonner/dist/styles.css';
import './styles.css';

const logtoConfig: LogtoConfig = {
  endpoint: adminEndpoint,
  appId,
  resources: [managementApiIndicator, meApiIndicator, adminManagementApiIndicator],
  scopes: [managementApiScope],
};

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A 4xx answer will not change on retry, and an ended session is being handled by a redirect.
      retry: (count, error) => count < 2 && !(error instanceof ApiError && error.status < 500) && !(error instanceof SessionExpiredError),
      refetchOnWindowFocus: false,
    },
  },
});

const root = document.getElementById('root');
if (!root) throw new Error('Missing #root element');

void initI18n().then(() => {
  createRoot(root).render(
    <StrictMode>
      <LogtoProvider config={logtoConfig}>
        <QueryClientProvider client={queryClient}>
          <BrowserRouter basename={basename}>
            <App />
          </BrowserRouter>
          <Notifications />
        </QueryClientProvider>
      </LogtoProvider>
    </StrictMode>,
  );
});
