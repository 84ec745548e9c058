import type { OpenDatabase } from "@/lib/db";

/**
 * Read-only probes the e2e security suite uses through the fixtures route (the embedded database
 * belongs to the server process): row counts per table, and whether a string appears anywhere.
 */
export async function tableCounts(open: OpenDatabase): Promise<Record<string, number>> {
  const tables = await open.query<{ tablename: string }>("select tablename from pg_tables where schemaname = 'public' order by tablename");
  const counts: Record<string, number> = {};
  for (const t of tables) {
    if (t.tablename === "rate_limits" || t.tablename === "sessions" || t.tablename === "verification_tokens") continue; // change with every sign-in
    const [row] = await open.query<{ n: number }>(`select count(*)::int as n from "${t.tablename}"`);
    counts[t.tablename] = row!.n;
  }
  return counts;
}

/** How many rows, in any table, contain `needle` anywhere in their text form. */
export async function rowsContaining(open: OpenDatabase, needle: string): Promise<number> {
  const tables = await open.query<{ tablename: string }>("select tablename from pg_tables where schemaname = 'public'");
  let found = 0;
  for (const t of tables) {
    const [row] = await open.query<{ n: number }>(`select count(*)::int as n from "${t.tablename}" x where strpos(row_to_json(x)::text, $1) > 0`, [needle]);
    found += row!.n;
  }
  return found;
}
