// Turning API errors into sentences for people: a phrase per known code, else the server's message.
import { ApiError, networkErrorCode } from './api/http.ts';
import { isPhraseKey, type Translate } from './i18n/index.ts';

/** Codes after which this sign-in cannot go on: the error page tells the user to go back to the app. */
export const sessionErrorCodes: readonly string[] = ['session.not_found', 'session.verification_session_not_found'];

export const isSessionError = (error: unknown) => error instanceof ApiError && sessionErrorCodes.includes(error.code);

export const hasCode = (error: unknown, code: string): error is ApiError => error instanceof ApiError && error.code === code;

const genericInvalidInput = 'The request input is invalid.';

type RejectedRule = { code?: unknown; data?: unknown };

function describePasswordRejection(error: ApiError, t: Translate): string {
  const rules = (error.data as { result?: RejectedRule[] } | undefined)?.result ?? [];
  const details = rules
    .map(({ code, data }) => {
      if (typeof code !== 'string' || !isPhraseKey(code)) return undefined;
      const values = Object.fromEntries(
        Object.entries((data ?? {}) as Record<string, unknown>).filter((entry): entry is [string, string | number] =>
          ['string', 'number'].includes(typeof entry[1]),
        ),
      );
      return t(code, values);
    })
    .filter(Boolean);
  return [t('errors.password.rejected'), ...details].join(' ');
}

export function describeError(error: unknown, t: Translate): string {
  if (!(error instanceof ApiError)) return t('error.unknown');
  if (error.code === networkErrorCode) return t('error.network');
  if (error.code === 'password.rejected') return describePasswordRejection(error, t);
  const key = `errors.${error.code}`;
  if (isPhraseKey(key)) {
    // The generic "invalid input" phrase says less than the server's own message, when it has one.
    const specific = error.code === 'guard.invalid_input' && error.message && error.message !== genericInvalidInput;
    return specific ? `${t(key)} ${error.message}` : t(key);
  }
  return error.message || t('error.unknown');
}
