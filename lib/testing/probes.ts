import type { OpenDatabase } from "@/lib/db";

/**
 * Read-only probes the e2e security suite uses through the fixtures route (the embedded database
 * belongs to the server process): row counts per table, and whether a string appears anywhere.
 */
/**
 * Rows per table that belong to one organisation (every table with an organisation_id), so tests
 * running side by side in other organisations do not disturb the count.
 */
export async function tableCounts(open: OpenDatabase, organisationId: string): Promise<Record<string, number>> {
  const tables = await open.query<{ table_name: string }>(
    "select table_name from information_schema.columns where table_schema = 'public' and column_name = 'organisation_id' order by table_name",
  );
  const counts: Record<string, number> = {};
  for (const t of tables) {
    const [row] = await open.query<{ n: number }>(`select count(*)::int as n from "${t.table_name}" where organisation_id = $1`, [
      organisationId,
    ]);
    counts[t.table_name] = row!.n;
  }
  return counts;
}

/** How many rows, in any table, contain `needle` anywhere in their text form. */
export async function rowsContaining(open: OpenDatabase, needle: string): Promise<number> {
  const tables = await open.query<{ tablename: string }>("select tablename from pg_tables where schemaname = 'public'");
  let found = 0;
  for (const t of tables) {
    const [row] = await open.query<{ n: number }>(
      `select count(*)::int as n from "${t.tablename}" x where strpos(row_to_json(x)::text, $1) > 0`,
      [needle],
    );
    found += row!.n;
  }
  return found;
}
