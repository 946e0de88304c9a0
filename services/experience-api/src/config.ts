import { BackendConfigSchema, loadConfig } from '@idp/config';
import { Type, type Static } from 'typebox';

export const ExperienceApiConfigSchema = Type.Object({
  ...BackendConfigSchema.properties,
  /** Where the oidc service answers; its internal interaction API is how sign-ins are finished. */
  OIDC_URL: Type.String({ pattern: '^https?://' }),
  /** The oidc service's Unix socket on this host (its SOCKET_PATH); when set, calls go through it. */
  OIDC_SOCKET: Type.Optional(Type.String({ minLength: 1, maxLength: 107, pattern: '^/' })),
  /**
   * Comma-separated host names, IP addresses and CIDR ranges that connectors may reach although they
   * are loopback or private (see @idp/outbound); empty: only public addresses.
   */
  OUTBOUND_ALLOW_HOSTS: Type.Optional(Type.String()),
  /**
   * 32 random bytes, base64: seals TOTP secrets. Optional; without it each tenant's key is kept in
   * the database. Set it in production so a database dump alone does not reveal the secrets.
   */
  SECRET_ENCRYPTION_KEY: Type.Optional(Type.String({ minLength: 44, maxLength: 44 })),
});

export type ExperienceApiConfig = Static<typeof ExperienceApiConfigSchema>;

export const loadExperienceApiConfig = (env?: Record<string, string | undefined>) => loadConfig(ExperienceApiConfigSchema, env);
