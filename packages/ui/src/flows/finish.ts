import { submit } from '../api/experience.ts';

/** Submits the experience and sends the browser where the OIDC service continues (the app). */
export async function submitAndRedirect(): Promise<void> {
  const result = await submit();
  if (result?.redirectTo) {
    window.location.replace(result.redirectTo);
    // Keep the form busy while the browser leaves.
    await new Promise(() => {});
  }
}
