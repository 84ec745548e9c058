import { env } from "@/lib/env";
import { getDatabase, type OpenDatabase } from "./index";
import { migrateDatabase, pendingMigrations } from "./migrate";

/**
 * Make the app's database ready before the first request: the embedded database is migrated; a
 * server Postgres is only checked, because migrating a shared database is an operator's decision
 * (`npm run db:migrate`). (The demo data is the caller's: lib/db knows no organisation.)
 */
export async function prepareDatabase(): Promise<OpenDatabase> {
  const open = await getDatabase();
  await open.query("select 1");
  if (open.kind === "embedded") {
    await migrateDatabase(open);
  } else {
    const pending = await pendingMigrations(open);
    if (pending.length > 0) {
      throw new Error(
        `The database at ${open.location} has migrations still to apply: ${pending.join(", ")}. ` +
          "Run `npm run db:migrate` with the same DATABASE_URL, then start again.",
      );
    }
  }
  return open;
}

/** Turn a driver error into a sentence an operator can act on. */
export function describeDatabaseError(error: unknown): string {
  const e = error as NodeJS.ErrnoException & { errors?: unknown[] };
  const code = e?.code ?? "";
  const config = env();
  const where = config.databaseUrl ? "the PostgreSQL server in DATABASE_URL" : `the embedded database in ${config.dataDir}`;
  if (code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "ETIMEDOUT" || code === "CONNECT_TIMEOUT") {
    return `Cannot reach ${where} (${code}). Is PostgreSQL running, and is DATABASE_URL right?`;
  }
  if (code === "28P01" || code === "28000") return `${where} refused the credentials in DATABASE_URL (${code}).`;
  if (code === "3D000") return `The database named in DATABASE_URL does not exist (${code}). Create it, then run npm run db:migrate.`;
  return `Cannot use ${where}: ${e?.message ?? String(error)}`;
}
