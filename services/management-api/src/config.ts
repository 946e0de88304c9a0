import { BackendConfigSchema, loadConfig } from '@idp/config';
import { Type, type Static } from 'typebox';

export const ManagementApiConfigSchema = Type.Object({
  ...BackendConfigSchema.properties,
  /**
   * Black-box test mode (Logto's convention): a `development-user-id` header stands in for an
   * access token. Never on unless set; the service warns at start-up when it is.
   */
  INTEGRATION_TEST: Type.Boolean({ default: false }),
});

export type ManagementApiConfig = Static<typeof ManagementApiConfigSchema>;

export const loadManagementApiConfig = (env?: Record<string, string | undefined>) => loadConfig(ManagementApiConfigSchema, env);
