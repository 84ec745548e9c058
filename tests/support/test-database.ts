import postgres from "postgres";
import { openDatabase, type OpenDatabase } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";

/**
 * A database of the test's own: an in-memory PGlite by default, or, when DATABASE_URL is set, a
 * fresh database on that server named after the vitest worker, so parallel workers never meet.
 */
export async function openTestDatabase(): Promise<OpenDatabase> {
  const url = process.env.DATABASE_URL;
  let open: OpenDatabase;
  if (url) {
    const worker = process.env.VITEST_POOL_ID ?? process.env.VITEST_WORKER_ID ?? "0";
    const target = new URL(url);
    const name = `${target.pathname.slice(1) || "twofold"}_w${worker}`;
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.unsafe(`create database "${name}"`);
    } finally {
      await admin.end({ timeout: 5 });
    }
    target.pathname = `/${name}`;
    open = await openDatabase({ databaseUrl: target.toString(), poolSize: 5 });
  } else {
    open = await openDatabase({ dataDir: "memory://" });
  }
  await migrateDatabase(open);
  return open;
}

/** Empty every table: each test starts from a clean database and builds its own data. */
export async function resetTestDatabase(open: OpenDatabase): Promise<void> {
  const tables = await open.query<{ tablename: string }>("select tablename from pg_tables where schemaname = 'public' order by tablename");
  if (tables.length === 0) return;
  await open.query(`truncate ${tables.map((t) => `"${t.tablename}"`).join(", ")} restart identity cascade`);
}
