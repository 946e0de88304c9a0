// The OIDC connector's config: what an administrator stores, read and checked once per connector.
import { readConfig } from './config.ts';

export const oidcFactoryId = 'oidc';

const tokenEndpointAuthMethods = ['client_secret_basic', 'client_secret_post'] as const;
export type TokenEndpointAuthMethod = (typeof tokenEndpointAuthMethods)[number];

export type OidcConfig = {
  /** The provider's issuer identifier; ID tokens must carry exactly this `iss`. */
  issuer: string;
  /** Explicit endpoints override discovery; with all three of authorization, token and JWKS set, discovery is skipped. */
  authorizationEndpoint?: string;
  tokenEndpoint?: string;
  jwksUri?: string;
  userinfoEndpoint?: string;
  clientId: string;
  clientSecret: string;
  /** Space-separated; `openid` is added when missing. */
  scope: string;
  /** The identity namespace users' social identities are stored under. */
  target: string;
  /** Defaults to what the provider advertises, preferring client_secret_basic (the OAuth default). */
  tokenEndpointAuthMethod?: TokenEndpointAuthMethod;
};

export function parseOidcConfig(config: unknown): OidcConfig {
  return readConfig(oidcFactoryId, config, (r) => {
    // Logto's OIDC connector keeps the issuer and JWKS URI under `idTokenVerificationConfig`;
    // accept that place too so configs copied from Logto keep working.
    const verification = r.optionalObject('idTokenVerificationConfig');
    const issuer = r.optionalUrl('issuer') ?? verification?.optionalUrl('issuer');
    if (issuer === undefined) r.addIssue('issuer', 'is required');
    const jwksUri = r.optionalUrl('jwksUri') ?? verification?.optionalUrl('jwksUri');
    const authorizationEndpoint = r.optionalUrl('authorizationEndpoint');
    const tokenEndpoint = r.optionalUrl('tokenEndpoint');
    const userinfoEndpoint = r.optionalUrl('userinfoEndpoint');
    const tokenEndpointAuthMethod = r.optionalEnum('tokenEndpointAuthMethod', tokenEndpointAuthMethods);
    const scopes = (r.optionalString('scope') ?? 'openid profile email').split(/\s+/).filter(Boolean);
    return {
      issuer: issuer ?? '',
      ...(authorizationEndpoint === undefined ? {} : { authorizationEndpoint }),
      ...(tokenEndpoint === undefined ? {} : { tokenEndpoint }),
      ...(jwksUri === undefined ? {} : { jwksUri }),
      ...(userinfoEndpoint === undefined ? {} : { userinfoEndpoint }),
      clientId: r.string('clientId'),
      clientSecret: r.string('clientSecret'),
      scope: (scopes.includes('openid') ? scopes : ['openid', ...scopes]).join(' '),
      target: r.optionalString('target') ?? 'oidc',
      ...(tokenEndpointAuthMethod === undefined ? {} : { tokenEndpointAuthMethod }),
    };
  });
}
