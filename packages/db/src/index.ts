// What services need at run time. Setting a database up (migrations, seed, the embedded server)
// lives in '@idp/db/setup', so deployed services never load it.
export { createDatabase, type Database, type Db } from './database.ts';
export { generateId, generateSecret } from './ids.ts';
export {
  adminTenantAdminRoleName,
  adminTenantId,
  adminTenantUserRoleName,
  defaultTenantAdminRoleName,
  defaultTenantId,
  managementApiIndicator,
  managementApiAccessRoleName,
  managementApiIndicatorOf,
  managementApiScope,
  meApiIndicator,
  tenantIssuers,
} from './well-known.ts';
export {
  caughtUp,
  changesChannel,
  everythingChanged,
  listenForChanges,
  type Change,
  type ChangeListener,
  type ChangeListenerOptions,
} from './change-listener.ts';
export { sentinelTargetHash, type SentinelTarget } from './sentinel-targets.ts';
export { createLogWriter, type LogEntry, type LogWriter, type LogWriterOptions } from './log-writer.ts';
export { createPerTenantCache, loadShared, type PerTenantCache } from './per-tenant-cache.ts';
// Kept in @idp/errors so services without a database (the gateway) can map errors without bundling pg.
export { constraintViolation, type ConstraintViolation } from '@idp/errors';
