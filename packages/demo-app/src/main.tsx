import { LogtoProvider, type LogtoConfig } from '@logto/react';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { restoreCallbackAddress } from './redirect-uri.ts';
import './styles.css';

const root = document.getElementById('root');
if (!root) {
  throw new Error('Missing #root element');
}

// The seeded built-in SPA client of tenant `default` (packages/db/src/seed.ts).
const config: LogtoConfig = {
  endpoint: window.location.origin,
  appId: 'demo-app',
  scopes: ['openid', 'profile', 'email', 'phone', 'offline_access', 'custom_data', 'identities', 'roles'],
};

restoreCallbackAddress();

createRoot(root).render(
  <StrictMode>
    <LogtoProvider config={config}>
      <App />
    </LogtoProvider>
  </StrictMode>,
);
