// drizzle-kit reads the tables and writes SQL migrations to ./drizzle (committed; run at start-up).
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/tables/index.ts',
  out: './drizzle',
});
