// Turning API errors into sentences for people: a phrase per known code, else the server's message.
import { ApiError, networkErrorCode } from './api/http.ts';
import { isPhraseKey, type PhraseKey, type Translate } from './i18n/index.ts';

/** An interruption with nothing to tell the user (a passkey prompt that a newer one replaced). */
export class QuietError extends Error {
  override name = 'QuietError';
}

/** An error the UI itself raises (a passkey prompt that failed, …), shown as one of our phrases. */
export class PhraseError extends Error {
  constructor(readonly key: PhraseKey) {
    super(key);
    this.name = 'PhraseError';
  }
}

/** Codes after which this sign-in cannot go on: the error page tells the user to go back to the app. */
export const sessionErrorCodes: readonly string[] = [
  'session.not_found',
  'session.interaction_not_found',
  'session.verification_session_not_found',
];

export const isSessionError = (error: unknown) => error instanceof ApiError && sessionErrorCodes.includes(error.code);

export const hasCode = (error: unknown, code: string): error is ApiError => error instanceof ApiError && error.code === code;

const genericInvalidInput = 'The request input is invalid.';

type RejectedRule = { code?: unknown; data?: unknown };

/** Logto's own names of the rules, for servers that answer with them. */
const ruleAliases: Readonly<Record<string, PhraseKey>> = {
  'password_rejected.restricted.words': 'password_rejected.restricted_words',
  'password_rejected.restricted.user_info': 'password_rejected.user_info',
  'password_rejected.restricted.repetition': 'password_rejected.repetition',
  'password_rejected.restricted.sequence': 'password_rejected.sequence',
};

const unfilledPlaceholder = /\{\w+\}/;

/** "The password is not allowed." and one sentence per broken rule of the tenant's policy. */
function describePasswordRejection(error: ApiError, t: Translate): string {
  const result = (error.data as { result?: unknown } | undefined)?.result;
  const rules: RejectedRule[] = Array.isArray(result) ? result : [];
  const details = rules
    .map(({ code, data }) => {
      if (typeof code !== 'string') return undefined;
      const key = ruleAliases[code] ?? (code.startsWith('password_rejected.') && isPhraseKey(code) ? code : undefined);
      if (!key) return undefined;
      const values = Object.fromEntries(
        Object.entries((data ?? {}) as Record<string, unknown>).filter((entry): entry is [string, string | number] =>
          ['string', 'number'].includes(typeof entry[1]),
        ),
      );
      const sentence = t(key, values);
      // A rule whose numbers did not come with it is better left to the general sentence.
      return unfilledPlaceholder.test(sentence) ? undefined : sentence;
    })
    .filter((sentence): sentence is string => Boolean(sentence));
  return [t('errors.password.rejected'), ...new Set(details)].join(' ');
}

/** The code of a lock after too many failed passwords or codes (HTTP 400, as Logto). */
export const lockedCode = 'session.verification_blocked_too_many_attempts';

/** Whole minutes until the lock ends, at least 1; undefined when the answer does not say. */
export function lockMinutes(error: ApiError, now = Date.now()): number | undefined {
  const { retryAfter, lockedUntil } = (error.data ?? {}) as { retryAfter?: unknown; lockedUntil?: unknown };
  let seconds: number | undefined;
  if (typeof retryAfter === 'number' && Number.isFinite(retryAfter)) seconds = retryAfter;
  else if (typeof lockedUntil === 'string' || typeof lockedUntil === 'number') {
    const until = new Date(lockedUntil).getTime();
    if (!Number.isNaN(until)) seconds = (until - now) / 1000;
  }
  return seconds === undefined ? undefined : Math.max(1, Math.ceil(seconds / 60));
}

function describeLock(error: ApiError, t: Translate): string {
  const minutes = lockMinutes(error);
  if (minutes === undefined) return t(`errors.${lockedCode}`);
  return minutes === 1 ? t('error.locked_one_minute') : t('error.locked_minutes', { minutes });
}

export function describeError(error: unknown, t: Translate): string {
  if (error instanceof PhraseError) return t(error.key);
  if (!(error instanceof ApiError)) return t('error.unknown');
  if (error.code === networkErrorCode) return t('error.network');
  if (error.code === 'password.rejected') return describePasswordRejection(error, t);
  if (error.code === lockedCode) return describeLock(error, t);
  const key = `errors.${error.code}`;
  if (isPhraseKey(key)) {
    // The generic "invalid input" phrase says less than the server's own message, when it has one.
    const specific = error.code === 'guard.invalid_input' && error.message && error.message !== genericInvalidInput;
    return specific ? `${t(key)} ${error.message}` : t(key);
  }
  return error.message || t('error.unknown');
}
