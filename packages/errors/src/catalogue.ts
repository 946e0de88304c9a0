// The error codes this platform answers with, each with its HTTP status and an English message.
// Codes follow Logto's catalogue where Logto has one, so clients written for Logto keep working;
// the few codes Logto has no equivalent for live under `request.*`.
export const errorCatalogue = {
  'request.general': { status: 400, message: 'Request error occurred.' },
  'request.invalid_json': { status: 400, message: 'The request body is not valid JSON.' },
  'request.payload_too_large': { status: 413, message: 'The request body is too large.' },
  'request.unsupported_media_type': { status: 415, message: 'The request content type is not supported.' },
  'request.not_found': { status: 404, message: 'No route matches this request.' },
  'request.method_not_allowed': { status: 405, message: 'This method is not allowed here.' },
  'request.internal_error': { status: 500, message: 'Internal server error.' },
  'request.service_unavailable': { status: 503, message: 'The service is not available right now.' },
  'request.bad_gateway': { status: 502, message: 'The upstream service did not answer.' },
  'request.tenant_missing': { status: 401, message: 'The request did not come through the gateway.' },
  'guard.invalid_input': { status: 400, message: 'The request input is invalid.' },
  'guard.invalid_pagination': { status: 400, message: 'The request pagination value is invalid.' },
  'auth.authorization_header_missing': { status: 401, message: 'Authorization header is missing.' },
  'auth.unauthorized': { status: 401, message: 'Unauthorized. Please check credentials and scope.' },
  'auth.forbidden': { status: 403, message: 'Forbidden. Please check roles and permissions.' },
  'session.not_found': { status: 400, message: 'Session not found. Please go back and sign in again.' },
  'user.suspended': { status: 401, message: 'This account is suspended.' },
  'user.not_exist': { status: 404, message: 'The user does not exist.' },
  'oidc.invalid_request': { status: 400, message: 'Request is invalid.' },
  'entity.not_found': { status: 404, message: 'The entity does not exist.' },
  'entity.not_exists_with_id': { status: 404, message: 'The entity with this id does not exist.' },
  'entity.unique_integrity_violation': { status: 422, message: 'The entity already exists.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof errorCatalogue;
