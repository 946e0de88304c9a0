export { createBackendService } from './create-backend-service.ts';
export { createService, defaultBodyLimit, requestIdResponseHeader, type App, type ServiceOptions } from './create-service.ts';
export {
  constraintError,
  isDatabaseUnavailable,
  isInputRefusedByDatabase,
  toRequestError,
  withConstraintCodes,
  type ConstraintCodes,
} from './error-handler.ts';
export { drainingHeader, healthPrefix, readinessPath, type ReadinessCheck } from './health.ts';
export { defaultShutdownTimeoutMs, runService, type RunOptions } from './run-service.ts';
export { drainAndClose, type DrainOptions } from './drain-and-close.ts';
export { createSecretCheck, internalSecretHeader, serviceHeader, tenantHeader } from './tenant.ts';
export {
  buildOpenApiDocument,
  recordRoutes,
  registerOpenApiRoutes,
  toOpenApi30Schema,
  type OpenApiDocumentOptions,
  type RegisteredRoute,
} from './openapi.ts';
export { registerSameOriginCheck } from './same-origin.ts';
