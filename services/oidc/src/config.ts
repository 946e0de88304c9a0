import { BackendConfigSchema, loadConfig } from '@idp/config';
import { Type, type Static } from 'typebox';

export const OidcConfigSchema = Type.Object({
  ...BackendConfigSchema.properties,
  /**
   * Outgoing requests (back-channel logout) refuse loopback and private addresses by default, so an
   * app's registered URI cannot point the provider at internal services. Comma-separated host names,
   * IP addresses and CIDR ranges listed here may be reached anyway (see @idp/outbound).
   */
  OUTBOUND_ALLOW_HOSTS: Type.Optional(Type.String()),
  /** The older, all-or-nothing form of OUTBOUND_ALLOW_HOSTS: true lets every address be reached. */
  OIDC_ALLOW_PRIVATE_FETCH: Type.Boolean({ default: false }),
});

export type OidcConfig = Static<typeof OidcConfigSchema>;

export const loadOidcConfig = (env?: Record<string, string | undefined>) => loadConfig(OidcConfigSchema, env);
