import { BackendConfigSchema, loadConfig } from '@idp/config';
import { Type, type Static } from 'typebox';

export const OidcConfigSchema = Type.Object({
  ...BackendConfigSchema.properties,
  /**
   * Outgoing requests (back-channel logout) refuse loopback and private addresses by default, so an
   * app's registered URI cannot point the provider at internal services. Turn on where apps live on
   * such addresses (a private network, local development).
   */
  OIDC_ALLOW_PRIVATE_FETCH: Type.Boolean({ default: false }),
});

export type OidcConfig = Static<typeof OidcConfigSchema>;

export const loadOidcConfig = (env?: Record<string, string | undefined>) => loadConfig(OidcConfigSchema, env);
