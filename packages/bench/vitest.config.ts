import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['@idp/test-utils/global-setup'],
    include: ['src/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 90_000,
  },
});
