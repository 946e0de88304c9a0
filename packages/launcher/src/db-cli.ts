import { migrate } from '@idp/db/setup';
import { loadLauncherConfig } from './config.ts';
import { openDatabase, seedDatabase } from './database.ts';

// `pnpm db migrate` and `pnpm db seed`: the database steps of `pnpm start`, one at a time, against
// DATABASE_URL or the embedded server in the data folder.
const command = process.argv[2];
if (command !== 'migrate' && command !== 'seed') {
  console.error('usage: pnpm db <migrate|seed>');
  process.exit(2);
}

const config = loadLauncherConfig();
const database = await openDatabase(config, console.log);
try {
  if (command === 'migrate') {
    await migrate(database.url);
  } else {
    await seedDatabase(database.url, config, console.log);
  }
} finally {
  await database.stop();
}
