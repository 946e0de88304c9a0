export { createBackendService } from './create-backend-service.ts';
export { createService, defaultBodyLimit, type App, type ServiceOptions } from './create-service.ts';
export { constraintError, isDatabaseUnavailable, toRequestError, withConstraintCodes, type ConstraintCodes } from './error-handler.ts';
export { healthPrefix, type ReadinessCheck } from './health.ts';
export { runService, type RunOptions } from './run-service.ts';
export { createSecretCheck, internalSecretHeader, serviceHeader, tenantHeader } from './tenant.ts';
export { buildOpenApiDocument, recordRoutes, type RegisteredRoute } from './openapi.ts';
