// With BENCH_DATABASE_URL the bench runs on that PostgreSQL server, in a database of its own that
// it drops at the end, so a run never touches anything it did not create.
import pg from 'pg';

export async function externalDatabase(adminUrl: string) {
  const name = `idp_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}
