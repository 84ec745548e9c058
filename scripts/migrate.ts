/**
 * `npm run db:migrate`: apply drizzle/ migrations to the configured database (a server Postgres
 * with DATABASE_URL, else the embedded one in DATA_DIR; the app must not be running on it then).
 */
import { openDatabase } from "@/lib/db/client";
import { describeDatabaseError } from "@/lib/db/prepare";
import { migrateDatabase, pendingMigrations } from "@/lib/db/migrate";
import { env } from "@/lib/env";
import { plural } from "@/lib/format";
import { loadDotEnv } from "./load-env";

async function main() {
  loadDotEnv();
  const config = env();
  const open = await openDatabase(config.databaseUrl ? { databaseUrl: config.databaseUrl, poolSize: 1 } : { dataDir: config.dataDir });
  try {
    const before = await pendingMigrations(open);
    await migrateDatabase(open);
    console.log(
      before.length
        ? `Applied ${plural(before.length, "migration")} to ${open.location}: ${before.join(", ")}`
        : `${open.location} is up to date.`,
    );
  } finally {
    await open.close();
  }
}

main().catch((error) => {
  console.error(error?.name === "EnvError" ? error.message : describeDatabaseError(error));
  process.exit(1);
});
