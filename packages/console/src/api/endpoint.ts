import { managedTenantId } from '../config.ts';

// Logto's console asks its admin endpoint where the managed tenant's users (and Management API) are
// served, then calls that endpoint directly with a token the admin tenant issued.
let userEndpoint: Promise<string> | undefined;

export function findUserEndpoint(): Promise<string> {
  userEndpoint ??= fetch(`/api/.well-known/endpoints/${managedTenantId}`)
    .then(async (response) => {
      if (!response.ok) throw new Error(`The user endpoint could not be found (HTTP ${response.status}).`);
      const { user } = (await response.json()) as { user: string };
      return user.replace(/\/$/, '');
    })
    .catch((error: unknown) => {
      userEndpoint = undefined;
      throw error;
    });
  return userEndpoint;
}
