import { BackendConfigSchema, loadConfig } from '@idp/config';
import { Type, type Static } from 'typebox';

export const AccountApiConfigSchema = Type.Object({
  ...BackendConfigSchema.properties,
  /** Where the oidc service answers; access tokens are resolved through its internal API. */
  OIDC_URL: Type.String({ pattern: '^https?://' }),
  /** The oidc service's Unix socket on this host (its SOCKET_PATH); when set, calls go through it. */
  OIDC_SOCKET: Type.Optional(Type.String({ minLength: 1, maxLength: 107, pattern: '^/' })),
  /**
   * Comma-separated host names, IP addresses and CIDR ranges that email/SMS connectors may reach
   * although they are loopback or private (see @idp/outbound); empty: only public addresses.
   */
  OUTBOUND_ALLOW_HOSTS: Type.Optional(Type.String()),
  /**
   * The experience service's key sealing TOTP secrets (32 random bytes, base64): the same value in
   * both, so a factor bound here works at sign-in. Unset in both: each tenant's key in the database.
   */
  SECRET_ENCRYPTION_KEY: Type.Optional(Type.String({ minLength: 44, maxLength: 44 })),
});

export type AccountApiConfig = Static<typeof AccountApiConfigSchema>;

export const loadAccountApiConfig = (env?: Record<string, string | undefined>) => loadConfig(AccountApiConfigSchema, env);
