// Protected apps (Logto's `Protected` type): a site at `origin` that is to be served behind sign-in
// at `<subDomain>.<PROTECTED_APP_DOMAIN>`. This service keeps their metadata; no edge proxy serves the
// hosts here, and the OP issues no tokens to these apps.
import { RequestError } from '@idp/errors';
import { dnsLabelPattern, type OidcClientMetadata, type ProtectedAppMetadata } from '@idp/schemas';

/** Logto's defaults for a new protected app: a 14-day session, and every path behind sign-in. */
export const defaultProtectedAppSessionDuration = 14 * 24 * 60 * 60;
const signInCallbackPath = 'sign-in-callback';

// RFC 1123 label: letters, digits and hyphens, 1 to 63 of them, no hyphen first or last.
export const dnsLabel = new RegExp(dnsLabelPattern);

/** The host a subdomain gives; labels are case-insensitive, so it is lower-cased. */
export function protectedAppHost(subDomain: string, domain: string): string {
  const label = subDomain.toLowerCase();
  if (!dnsLabel.test(label)) throw new RequestError('application.invalid_subdomain', { data: { subDomain } });
  return `${label}.${domain}`;
}

/** An http(s) origin, nothing more (no path, query, fragment or credentials); answered normalised. */
export function protectedAppOrigin(value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  const isOrigin =
    url !== undefined &&
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    !url.username &&
    !url.password &&
    url.pathname === '/' &&
    !url.search &&
    !url.hash &&
    !value.includes('?') &&
    !value.includes('#');
  if (!isOrigin) {
    throw new RequestError('guard.invalid_input', {
      message: '`protectedAppMetadata.origin` must be an http(s) origin such as https://example.com.',
      data: { field: 'protectedAppMetadata.origin', origin: value },
    });
  }
  return url!.origin;
}

/** Page rules are regular expressions of paths; one that does not compile is refused. */
export function assertPageRules(rules: Array<{ path: string }>): void {
  for (const { path } of rules) {
    try {
      new RegExp(path);
    } catch {
      throw new RequestError('guard.invalid_input', {
        message: `\`protectedAppMetadata.pageRules\` holds a path that is not a regular expression: ${path}`,
        data: { field: 'protectedAppMetadata.pageRules', path },
      });
    }
  }
}

/** A new protected app's metadata and the redirect URIs that follow from its host, as Logto sets them. */
export function buildProtectedApp(
  input: { subDomain: string; origin: string },
  domain: string,
): { protectedAppMetadata: ProtectedAppMetadata; oidcClientMetadata: OidcClientMetadata } {
  const host = protectedAppHost(input.subDomain, domain);
  return {
    protectedAppMetadata: {
      host,
      origin: protectedAppOrigin(input.origin),
      sessionDuration: defaultProtectedAppSessionDuration,
      pageRules: [],
      customDomains: [],
    },
    oidcClientMetadata: {
      redirectUris: [`https://${host}/${signInCallbackPath}`],
      postLogoutRedirectUris: [`https://${host}`],
    },
  };
}
