import { defaultTenantId } from '@idp/db';
import type { KoaContextWithOIDC } from 'oidc-provider';

// Where oidc-provider sends the browser when it needs the user: the sign-in UI's page for the
// requested first screen, or, when only consent is missing, `/consent?app_id=<client>` as in Logto.
// The gateway answers that path itself for a first-party app (consented at once, straight back to
// `/oidc/auth/<uid>`) and hands a third-party one to the sign-in UI's consent page.
const firstScreenPaths: Record<string, string> = {
  signIn: '/sign-in',
  register: '/register',
  'identifier:sign_in': '/identifier-sign-in',
  'identifier:register': '/identifier-register',
  reset_password: '/forgot-password',
  single_sign_on: '/single-sign-on',
};

export const consentPath = '/consent';

/** Authorization parameters Logto passes on in the sign-in page's address (after `app_id`). */
const passedOn = ['organization_id', 'one_time_token', 'login_hint', 'identifier', 'ui_locales'];

/** `path` with `?app_id=<client>` and, for the sign-in pages, the parameters passed on. */
function withQuery(path: string, params: Record<string, unknown>, names: string[] = []): string {
  const query = new URLSearchParams();
  if (typeof params.client_id === 'string' && params.client_id) query.append('app_id', params.client_id);
  for (const name of names) {
    const value = params[name];
    if (typeof value === 'string' && value) query.append(name, value);
  }
  return query.size > 0 ? `${path}?${query}` : path;
}

export const consentUrl = (params: Record<string, unknown>) => withQuery(consentPath, params);

/** The sign-in UI's cookie Logto sets with every interaction: which app (and organization, language) it is for. */
export const uiCookieName = (tenantId: string) => (tenantId === defaultTenantId ? '_logto' : `_logto_${tenantId}`);

const stringParam = (value: unknown) => (typeof value === 'string' && value ? value : undefined);

export async function interactionUrl(
  ctx: KoaContextWithOIDC,
  interaction: { uid: string; prompt: { name: string }; params: Record<string, unknown> },
  tenantId: string = defaultTenantId,
): Promise<string> {
  const { params } = interaction;
  const uiCookie = {
    appId: stringParam(params.client_id),
    organizationId: stringParam(params.organization_id),
    uiLocales: stringParam(params.ui_locales),
  };
  // Readable by the page (not httpOnly), like Logto's.
  ctx.cookies.set(uiCookieName(tenantId), JSON.stringify(uiCookie), { sameSite: 'lax', overwrite: true, httpOnly: false });
  if (interaction.prompt.name === 'consent') return consentUrl(params);
  const { first_screen: firstScreen, interaction_mode: mode } = params;
  const page =
    typeof firstScreen === 'string' && firstScreenPaths[firstScreen]
      ? firstScreenPaths[firstScreen]
      : mode === 'signUp'
        ? '/register'
        : '/sign-in';
  return withQuery(page, params, passedOn);
}

/**
 * The OP's cookie names. The user endpoint's tenant uses Logto's own (`_session`,
 * `_interaction`, `_interaction_resume`). Browsers do not separate cookies by port, so any other
 * tenant served on the same host (the admin endpoint on localhost:3002, or a social sign-in through
 * another tenant) gets its names suffixed with its id; same-named cookies would overwrite each
 * other's, signing the browser out of one tenant whenever it signs in to the other.
 */
export function cookieNames(tenantId: string): { session: string; interaction: string; resume: string } {
  const suffix = tenantId === defaultTenantId ? '' : `_${tenantId}`;
  return { session: `_session${suffix}`, interaction: `_interaction${suffix}`, resume: `_interaction_resume${suffix}` };
}
