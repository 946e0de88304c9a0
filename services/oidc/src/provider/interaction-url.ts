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

export const consentUrl = (clientId: unknown) =>
  typeof clientId === 'string' && clientId ? `${consentPath}?${new URLSearchParams({ app_id: clientId })}` : consentPath;

export async function interactionUrl(
  _ctx: KoaContextWithOIDC,
  interaction: { uid: string; prompt: { name: string }; params: Record<string, unknown> },
): Promise<string> {
  if (interaction.prompt.name === 'consent') {
    return consentUrl(interaction.params.client_id);
  }
  const { first_screen: firstScreen, interaction_mode: mode } = interaction.params;
  if (typeof firstScreen === 'string' && firstScreenPaths[firstScreen]) {
    return firstScreenPaths[firstScreen];
  }
  return mode === 'signUp' ? '/register' : '/sign-in';
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
