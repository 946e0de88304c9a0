import type { Db } from '@idp/db';

// The hot paths' statements bypass the query builder: written once, sent by name, so each pooled
// connection parses and plans them once and every later call only binds values.
export type PreparedStatement = { readonly name: string; readonly text: string };
export type PreparedResult<Row> = { rows: Row[]; rowCount: number | null };

type PgQueryable = {
  query<Row>(config: { name: string; text: string; values: unknown[] }): Promise<PreparedResult<Row>>;
};

/** Runs a named statement on the node-postgres pool behind `db` (drizzle keeps it as `$client`). */
export function runPrepared<Row>(db: Db, statement: PreparedStatement, values: unknown[]): Promise<PreparedResult<Row>> {
  return (db as unknown as { $client: PgQueryable }).$client.query<Row>({ name: statement.name, text: statement.text, values });
}
