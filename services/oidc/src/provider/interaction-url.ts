import type { KoaContextWithOIDC } from 'oidc-provider';

// Where oidc-provider sends the browser when it needs the user: the sign-in UI's page for the
// requested first screen, or, when only consent is missing, this service's own consent step
// (first-party apps are consented there without a page).
const firstScreenPaths: Record<string, string> = {
  signIn: '/sign-in',
  register: '/register',
  'identifier:sign_in': '/identifier-sign-in',
  'identifier:register': '/identifier-register',
  reset_password: '/forgot-password',
  single_sign_on: '/single-sign-on',
};

export const consentPath = (uid: string) => `/oidc/interaction/${uid}/consent`;

export async function interactionUrl(
  _ctx: KoaContextWithOIDC,
  interaction: { uid: string; prompt: { name: string }; params: Record<string, unknown> },
): Promise<string> {
  if (interaction.prompt.name === 'consent') {
    return consentPath(interaction.uid);
  }
  const { first_screen: firstScreen, interaction_mode: mode } = interaction.params;
  if (typeof firstScreen === 'string' && firstScreenPaths[firstScreen]) {
    return firstScreenPaths[firstScreen];
  }
  return mode === 'signUp' ? '/register' : '/sign-in';
}
