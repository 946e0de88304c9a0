import type { UseFormSetError } from 'react-hook-form';
import { ApiError } from '../../api/errors.ts';
import { showApiError } from '../../components/form.ts';

type IdentifierForm = { username: string; primaryEmail: string; primaryPhone: string };

// Logto's conflict codes name no field in `data`; they say by their code which identifier is taken.
const fieldByCode: Record<string, keyof IdentifierForm> = {
  'user.username_already_in_use': 'username',
  'user.email_already_in_use': 'primaryEmail',
  'user.phone_already_in_use': 'primaryPhone',
};

/** An API error at the identifier it is about, else where showApiError puts it. */
export function showUserError<T extends IdentifierForm>(
  error: unknown,
  setError: UseFormSetError<T>,
  fields: Parameters<typeof showApiError<T>>[2],
) {
  const field = error instanceof ApiError ? fieldByCode[error.code] : undefined;
  if (field && error instanceof Error) {
    (setError as unknown as UseFormSetError<IdentifierForm>)(field, { type: 'server', message: error.message });
    return;
  }
  showApiError(error, setError, fields);
}
