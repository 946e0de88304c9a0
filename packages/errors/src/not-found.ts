import { RequestError } from './request-error.ts';

// The one way to say "that does not exist". Logto answers a missing row addressed by id with
// `entity.not_exists_with_id` and `data.id`; anything else missing (a named secret, a tenant's
// settings) with `entity.not_found`.

/** A row addressed by its id is missing, e.g. `entityNotFound('application', id)`. */
export function entityNotFound(kind: string, id: string): RequestError {
  return new RequestError('entity.not_exists_with_id', { message: `The ${kind} with id \`${id}\` does not exist.`, data: { id } });
}

/** Something not addressed by a plain id is missing; `message` says what, `data` names it. */
export function notFound(message: string, data?: Record<string, unknown>): RequestError {
  return new RequestError('entity.not_found', { message, data });
}
