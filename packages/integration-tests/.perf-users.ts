import { execFileSync } from 'node:child_process';
import pg from 'pg';
import { createManagementApp, managementToken, startTestStack } from './src/index.ts';

const count = Number(process.env.USERS ?? 100000);
const stack = await startTestStack();
try {
  const pool = new pg.Pool({ connectionString: stack.database.url });
  await pool.query(
    `insert into users (tenant_id, id, username, primary_email, name, created_at)
     select 'default', 'bench' || lpad(n::text, 16, '0'), 'bench_user_' || n, 'bench_user_' || n || '@example.com', 'Bench User ' || n, now() - make_interval(secs => n)
     from generate_series(1, $1::int) as n`, [count]);
  await pool.query('vacuum analyze users');
  await pool.end();
  const token = await managementToken(stack.userUrl, await createManagementApp(stack.database.db));
  for (const page of [1, 2500, 5000]) {
    const started = performance.now();
    const response = await fetch(`${stack.userUrl}/api/users?page=${page}&page_size=20`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await response.json()) as Array<{ id: string }>;
    console.log(page, response.status, response.headers.get('total-number'), body[0]?.id, body.at(-1)?.id, body.length, `${(performance.now() - started).toFixed(1)} ms`);
  }
  console.log(execFileSync('node', ['/tmp/perf/load.mjs', stack.userUrl, token, String(Math.ceil(count / 20)), process.env.DURATION ?? '8'], { encoding: 'utf8' }));
} finally {
  await stack.stop();
}
