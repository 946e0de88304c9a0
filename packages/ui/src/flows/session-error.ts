import { ApiError } from '../api/http.ts';
import { navigate } from '../router.ts';

/** Leaves the flow for the error page, which tells the user to go back to the app. */
export function showSessionError(error: unknown): void {
  const code = error instanceof ApiError ? error.code : 'session.not_found';
  navigate(`/error?code=${encodeURIComponent(code)}`, { replace: true });
}
