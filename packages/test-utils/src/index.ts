export { adminDatabaseUrl, createTestDatabase, withDatabaseName, type TestDatabase } from './test-database.ts';
