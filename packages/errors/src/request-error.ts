import { errorCatalogue, type ErrorCode } from './catalogue.ts';

// The one error type every service throws. The code decides the HTTP status, so a route can never
// answer an error with a status its code does not mean; `status` is only for the few places where
// Logto answers a code with another status than its usual one (e.g. `connector.not_found` is 501
// when a code cannot be sent for want of a connector).
export class RequestError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly data?: unknown;

  constructor(code: ErrorCode, options: { message?: string; data?: unknown; cause?: unknown; status?: number } = {}) {
    super(options.message ?? errorCatalogue[code].message, { cause: options.cause });
    this.name = 'RequestError';
    this.code = code;
    this.status = options.status ?? errorCatalogue[code].status;
    this.data = options.data;
  }

  /** The JSON body sent to clients: `{ code, message, data? }`. */
  toBody(): { code: ErrorCode; message: string; data?: unknown } {
    return this.data === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, data: this.data };
  }
}

export function assertThat(condition: unknown, code: ErrorCode, options?: { message?: string; data?: unknown }): asserts condition {
  if (!condition) {
    throw new RequestError(code, options);
  }
}
