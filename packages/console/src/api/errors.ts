import type { ErrorResponse } from '@idp/schemas';

/** An answer of the Management API other than 2xx, with Logto's `{ code, message, data }`. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly data: unknown;

  constructor(status: number, body: Partial<ErrorResponse>) {
    super(body.message ?? `HTTP ${status}`);
    this.status = status;
    this.code = body.code ?? 'unknown';
    this.data = body.data;
  }
}

/** Thrown when the session can no longer get an access token: the console sends the person to sign in. */
export class SessionExpiredError extends Error {
  constructor() {
    super('session expired');
  }
}

export const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));
