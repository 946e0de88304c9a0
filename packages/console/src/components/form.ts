import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';
import { ApiError, errorMessage } from '../api/errors.ts';

/**
 * Puts an API error next to the field it is about when the API names one (`data.field`, or a field
 * named in its message), else above the form's buttons.
 */
export function showApiError<T extends FieldValues>(error: unknown, setError: UseFormSetError<T>, fields: Array<Path<T>>): void {
  const message = errorMessage(error);
  if (error instanceof ApiError) {
    const named = (error.data as { field?: unknown } | undefined)?.field;
    // The API names a field by its path in the body (`oidcClientMetadata.redirectUris`).
    const last = typeof named === 'string' ? named.split('.').pop() : undefined;
    const field = fields.find((candidate) => candidate === last || message.includes(`\`${candidate}\``));
    if (field) {
      setError(field, { type: 'server', message });
      return;
    }
  }
  setError('root.server' as Path<T>, { type: 'server', message });
}
