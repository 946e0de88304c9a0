import { RequestError, constraintViolation, type ErrorCode } from '@idp/errors';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

// Fastify's own error codes for bad input, mapped to our catalogue so that a client never sees
// Fastify's shapes, a stack trace or a 500 for something it sent.
const fastifyCodes: Record<string, (error: FastifyError) => RequestError> = {
  FST_ERR_CTP_INVALID_JSON_BODY: () => new RequestError('request.invalid_json'),
  FST_ERR_CTP_EMPTY_JSON_BODY: () =>
    new RequestError('request.invalid_json', { message: 'The request body is empty but its content type is JSON.' }),
  FST_ERR_CTP_BODY_TOO_LARGE: () => new RequestError('request.payload_too_large'),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: () => new RequestError('request.unsupported_media_type'),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () => new RequestError('request.general', { message: 'The content length is invalid.' }),
};

/** Whether the error, or one it wraps (query builders wrap the driver's error), matches. */
function anyCause(error: unknown, matches: (error: Error & { code?: unknown }) => boolean, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 3) return false;
  // Connecting to a host with several addresses fails with an AggregateError of each attempt.
  return (
    matches(error) ||
    anyCause(error.cause, matches, depth + 1) ||
    (error instanceof AggregateError && error.errors.some((inner) => anyCause(inner, matches, depth + 1)))
  );
}

// The database being unreachable (restarting, failing over) or not answering in time (frozen,
// overloaded: @idp/db's timeouts) is a temporary condition of the service, not a bug: clients get
// 503 and may retry. 57014 is a statement cancelled by statement_timeout.
const databaseUnavailableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  '57014',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08006',
]);
// node-postgres reports its own time-outs by message only.
const databaseUnavailableMessages = /Connection terminated|timeout exceeded when trying to connect|Query read timeout/;
export const isDatabaseUnavailable = (error: unknown): boolean =>
  anyCause(error, ({ code, message }) => databaseUnavailableCodes.has(String(code)) || databaseUnavailableMessages.test(message));

// Text PostgreSQL cannot store or compare: a NUL character (22021), a malformed value for the
// column's type (22P02), a string too long for its column (22001) or for an index entry (54000).
// Such input is the client's fault wherever it reached the database unchecked: 400, never 500.
const refusedInputCodes = new Set(['22021', '22P05', '22P02', '22001', '54000']);
export const isInputRefusedByDatabase = (error: unknown): boolean => anyCause(error, ({ code }) => refusedInputCodes.has(String(code)));

/** Where a caller needs a specific code for a constraint: constraint name → Logto code. */
export type ConstraintCodes = Readonly<Record<string, ErrorCode>>;

/**
 * A constraint the request ran into, as the client's error rather than a server fault: a unique
 * one (two writers racing for one name) is a conflict, a foreign key (a row deleted meanwhile) a
 * missing entity. `codes` names the code for constraints that have a more specific one.
 */
export function constraintError(error: unknown, codes: ConstraintCodes = {}, data?: Record<string, unknown>): RequestError | undefined {
  const violation = constraintViolation(error);
  if (!violation) return undefined;
  const specific = violation.constraint === undefined ? undefined : codes[violation.constraint];
  if (specific) return new RequestError(specific, { cause: error, ...(data === undefined ? {} : { data }) });
  return violation.kind === 'unique'
    ? new RequestError('entity.unique_integrity_violation')
    : new RequestError('entity.not_exists_with_id', { message: 'An entity this request refers to does not exist.' });
}

/** Runs a write whose constraints decide (not a prior SELECT); a violation named in `codes` gets its code. */
export async function withConstraintCodes<T>(write: () => Promise<T>, codes: ConstraintCodes, data?: Record<string, unknown>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const violation = constraintViolation(error);
    if (violation?.constraint !== undefined && codes[violation.constraint]) throw constraintError(error, codes, data);
    throw error;
  }
}

export function toRequestError(error: FastifyError | Error): RequestError | undefined {
  if (error instanceof RequestError) {
    return error;
  }
  if (isDatabaseUnavailable(error)) {
    return new RequestError('request.service_unavailable');
  }
  if (isInputRefusedByDatabase(error)) {
    return new RequestError('guard.invalid_input', {
      message: 'The request holds a value that cannot be stored (e.g. a NUL character, or text too long).',
    });
  }
  const violated = constraintError(error);
  if (violated) {
    return violated;
  }
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) {
    return new RequestError('guard.invalid_input', {
      message: `The request ${fastifyError.validationContext ?? 'input'} is invalid.`,
      data: fastifyError.validation.map(({ instancePath, message }) => ({ path: instancePath, message })),
    });
  }
  const mapped = fastifyError.code ? fastifyCodes[fastifyError.code] : undefined;
  if (mapped) {
    return mapped(fastifyError);
  }
  // A JSON body that fails to parse surfaces as a SyntaxError with a 400 status.
  if (error instanceof SyntaxError && fastifyError.statusCode === 400) {
    return new RequestError('request.invalid_json');
  }
  if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return new RequestError('request.general', { message: error.message });
  }
  return undefined;
}

/**
 * Errors Fastify raises before any route or hook runs (a path parameter over the router's limit,
 * a malformed URL): passed as the `frameworkErrors` option, so they get our shape too.
 */
export function answerFrameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const known =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? new RequestError('request.uri_too_long')
      : new RequestError('guard.invalid_input', { message: 'The request URL is not valid.' });
  void reply.status(known.status).send(known.toBody());
}

/** Bodies up to this size are read and dropped before a 413 (the gateway refuses larger ones). */
const drainLimit = 4 * 1024 * 1024;

/**
 * A body refused for its size has not been read. A proxy in front (the gateway) that is still
 * sending it would stop at our answer and never see it, so a declared body of bounded size is read
 * and dropped first; anything else gets its connection closed after the answer.
 */
async function dropUnreadBody(raw: FastifyRequest['raw'], reply: FastifyReply): Promise<void> {
  if (raw.complete) return;
  if (Number(raw.headers['content-length']) <= drainLimit) {
    await new Promise<void>((resolve) => {
      raw.once('end', resolve).once('error', resolve).once('close', resolve);
      raw.resume();
    });
  } else {
    void reply.header('connection', 'close');
  }
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const known = toRequestError(error);
    if (known) {
      if (known.status === 413) await dropUnreadBody(request.raw, reply);
      return reply.status(known.status).send(known.toBody());
    }
    request.log.error({ err: error }, 'unhandled error');
    const internal = new RequestError('request.internal_error');
    return reply.status(internal.status).send(internal.toBody());
  });

  app.setNotFoundHandler((request, reply) => {
    const notFound = new RequestError('request.not_found', {
      message: `No route matches ${request.method} ${request.url.split('?')[0]}.`,
    });
    return reply.status(notFound.status).send(notFound.toBody());
  });
}
