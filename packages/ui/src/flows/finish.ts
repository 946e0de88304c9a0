import { submit } from '../api/experience.ts';
import { clearMfaState, followMfaRequirement } from './mfa.ts';

/**
 * Submits the experience and sends the browser where the OIDC service continues (the app). When
 * the account still needs 2-step verification, goes to the page for it instead.
 */
export async function submitAndRedirect(): Promise<void> {
  let result: Awaited<ReturnType<typeof submit>>;
  try {
    result = await submit();
  } catch (error) {
    if (followMfaRequirement(error)) return;
    throw error;
  }
  clearMfaState();
  if (result?.redirectTo) {
    window.location.replace(result.redirectTo);
    // Keep the form busy while the browser leaves.
    await new Promise(() => {});
  }
}
