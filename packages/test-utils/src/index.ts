export { adminDatabaseUrl, createTestDatabase, withDatabaseName, type TestDatabase } from './test-database.ts';
export { startReceiver, waitFor, type Answer, type Received, type Receiver } from './hook-receiver.ts';
