export { findFreePort, startEmbeddedPostgres, type EmbeddedServer } from './embedded-postgres.ts';
export { migrate, migrationsFolder, readMigrations, type MigrateResult } from './migrate.ts';
export { seed, type SeedOptions } from './seed.ts';
export { createManagementApiApp } from './management-app.ts';
