import { createDatabase } from '@idp/db';
import { createManagementApiApp, migrate } from '@idp/db/setup';
import { loadLauncherConfig } from './config.ts';
import { openDatabase, seedDatabase } from './database.ts';

// `pnpm db migrate`, `pnpm db seed`: the database steps of `pnpm start`, one at a time, against
// DATABASE_URL or the embedded server in the data folder. `pnpm db create-m2m-app [name]`: the
// first Management API client of a fresh install.
const usage = 'usage: pnpm db <migrate|seed|create-m2m-app [name]>';
const [command, name = 'Management API client'] = process.argv.slice(2);
if (command !== 'migrate' && command !== 'seed' && command !== 'create-m2m-app') {
  console.error(usage);
  process.exit(2);
}

const config = loadLauncherConfig();
const database = await openDatabase(config, console.log);
try {
  if (command === 'migrate') {
    await migrate(database.url);
  } else if (command === 'seed') {
    await seedDatabase(database.url, config, console.log);
  } else {
    const connection = createDatabase(database.url, { max: 1 });
    try {
      const app = await createManagementApiApp(connection.db, name);
      // Printed once, for the operator to store; it is not logged anywhere else.
      console.log(`Created machine-to-machine app "${name}" with the Management API role.`);
      console.log(`  client id:     ${app.id}`);
      console.log(`  client secret: ${app.secret}`);
    } finally {
      await connection.close();
    }
  }
} finally {
  await database.stop();
}
