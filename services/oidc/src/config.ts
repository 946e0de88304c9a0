import { BackendConfigSchema, loadConfig, outboundConfigProperties } from '@idp/config';
import { Type, type Static } from 'typebox';

export const OidcConfigSchema = Type.Object({
  ...BackendConfigSchema.properties,
  // Back-channel logout refuses loopback and private addresses unless allowed, so an app's
  // registered URI cannot point the provider at internal services.
  ...outboundConfigProperties,
  /** The older, all-or-nothing form of OUTBOUND_ALLOW_HOSTS: true lets every address be reached. */
  OIDC_ALLOW_PRIVATE_FETCH: Type.Boolean({ default: false }),
});

export type OidcConfig = Static<typeof OidcConfigSchema>;

export const loadOidcConfig = (env?: Record<string, string | undefined>) => loadConfig(OidcConfigSchema, env);
