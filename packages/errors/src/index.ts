export { errorCatalogue, type ErrorCode } from './catalogue.ts';
export { RequestError, assertThat } from './request-error.ts';
export { entityNotFound, notFound } from './not-found.ts';
export { constraintViolation, type ConstraintViolation } from './constraint-violation.ts';
