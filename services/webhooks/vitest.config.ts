import { defineConfig } from 'vitest/config';

// Each test file starts its own stack (oidc, management-api and the gateway, in this process)
// against a fresh database made through the PostgreSQL the global setup provides.
export default defineConfig({
  test: {
    globalSetup: ['@idp/test-utils/global-setup'],
    testTimeout: 30_000,
    hookTimeout: 90_000,
  },
});
