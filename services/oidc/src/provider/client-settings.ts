// The per-app token settings Logto keeps in an application's `customClientMetadata` and honours at
// the OP: ID token and refresh token lifetimes, refresh token rotation, refresh tokens without
// `offline_access` for web apps, extra CORS origins and the grant limit (max-allowed-grants.ts).
// They travel on the cached client metadata (see clients.ts) under one property, so no request
// reads the application again.
import type { CustomClientMetadata } from '@idp/schemas';
import type { Configuration, KoaContextWithOIDC } from 'oidc-provider';

/** Client metadata (registered with `extraClientMetadata`) holding the app's settings below. */
export const clientSettingsProperty = 'logto_client_settings';

export type ClientSettings = Pick<
  CustomClientMetadata,
  | 'idTokenTtl'
  | 'refreshTokenTtl'
  | 'refreshTokenTtlInDays'
  | 'rotateRefreshToken'
  | 'alwaysIssueRefreshToken'
  | 'corsAllowedOrigins'
  | 'maxAllowedGrants'
>;

export function pickClientSettings(custom: CustomClientMetadata): ClientSettings {
  const {
    idTokenTtl,
    refreshTokenTtl,
    refreshTokenTtlInDays,
    rotateRefreshToken,
    alwaysIssueRefreshToken,
    corsAllowedOrigins,
    maxAllowedGrants,
  } = custom;
  return {
    idTokenTtl,
    refreshTokenTtl,
    refreshTokenTtlInDays,
    rotateRefreshToken,
    alwaysIssueRefreshToken,
    corsAllowedOrigins,
    maxAllowedGrants,
  };
}

const settingsOf = (client: unknown): ClientSettings =>
  ((client as { [clientSettingsProperty]?: ClientSettings } | undefined)?.[clientSettingsProperty] ?? {}) as ClientSettings;

const day = 24 * 60 * 60;
const defaultIdTokenTtl = 3600;
const defaultRefreshTokenTtlDays = 14;

type Ttl = NonNullable<Configuration['ttl']>;
type RefreshTokenTtl = Extract<Ttl['RefreshToken'], (...args: never[]) => unknown>;
type IdTokenTtl = Extract<Ttl['IdToken'], (...args: never[]) => unknown>;

export const idTokenTtl: IdTokenTtl = (_ctx, _token, client) => settingsOf(client).idTokenTtl ?? defaultIdTokenTtl;

// A refresh token from a rotation keeps the time its predecessor had left (unless it is bound to a
// key by DPoP or mTLS), so rotating never extends a login; a new one lives as long as the app says.
export const refreshTokenTtl: RefreshTokenTtl = (ctx, token, client) => {
  const rotated = ctx?.oidc?.entities.RotatedRefreshToken;
  if (rotated && !token.isSenderConstrained()) return rotated.remainingTTL;
  const { refreshTokenTtlInDays, refreshTokenTtl: seconds } = settingsOf(client);
  if (refreshTokenTtlInDays !== undefined) return refreshTokenTtlInDays * day;
  return seconds ?? defaultRefreshTokenTtlDays * day;
};

/**
 * Whether a refresh issues a new refresh token: never when the app turned rotation off; always for
 * public clients (a stolen token used twice then revokes the grant); for confidential clients
 * once the token is past 70% of its lifetime; never beyond a year of rotations.
 */
export function rotateRefreshToken(ctx: KoaContextWithOIDC): boolean {
  const { RefreshToken: refreshToken, Client: client } = ctx.oidc.entities;
  if (!refreshToken || !client) return true;
  if (settingsOf(client).rotateRefreshToken === false) return false;
  if (refreshToken.totalLifetime() >= 365.25 * day) return false;
  if (client.clientAuthMethod === 'none' && !refreshToken.isSenderConstrained()) return true;
  return refreshToken.ttlPercentagePassed() >= 70;
}

/** Refresh tokens with `offline_access`, or for a web app that asks for them always. */
export const issueRefreshToken: NonNullable<Configuration['issueRefreshToken']> = async (_ctx, client, code) =>
  client.grantTypeAllowed('refresh_token') &&
  (code.scopes.has('offline_access') || (client.applicationType === 'web' && settingsOf(client).alwaysIssueRefreshToken === true));

/** Origins an app lists besides those of its redirect URIs. */
export const extraCorsOrigins = (client: unknown): string[] => settingsOf(client).corsAllowedOrigins ?? [];
