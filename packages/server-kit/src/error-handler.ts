import { RequestError } from '@idp/errors';
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

// The database being unreachable (restarting, failing over) is a temporary condition of the
// service, not a bug: clients get 503 and may retry.
const databaseUnavailableCodes = new Set(['ECONNREFUSED', 'ECONNRESET', '57P01', '57P02', '57P03', '08000', '08003', '08006']);
function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 3) return false;
  // Query builders wrap the driver's error; the reason is in the cause.
  return (
    databaseUnavailableCodes.has(String((error as { code?: unknown }).code)) ||
    /Connection terminated/.test(error.message) ||
    isDatabaseUnavailable(error.cause, depth + 1)
  );
}

// A unique constraint the request ran into (two writers racing for one name): the client's
// conflict, not a server fault.
function isUniqueViolation(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 3) return false;
  return (error as { code?: unknown }).code === '23505' || isUniqueViolation(error.cause, depth + 1);
}

export function toRequestError(error: FastifyError | Error): RequestError | undefined {
  if (error instanceof RequestError) {
    return error;
  }
  if (isDatabaseUnavailable(error)) {
    return new RequestError('request.service_unavailable');
  }
  if (isUniqueViolation(error)) {
    return new RequestError('entity.unique_integrity_violation');
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
