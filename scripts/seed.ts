/** `npm run db:seed`: create the demo organisation (idempotent). Migrates first. */
import { openDatabase } from "@/lib/db/client";
import { describeDatabaseError } from "@/lib/db/prepare";
import { migrateDatabase } from "@/lib/db/migrate";
import { DEMO_ACCOUNTS, seedDemo } from "@/lib/organisations/seed-demo";
import { env } from "@/lib/env";
import { loadDotEnv } from "./load-env";

async function main() {
  loadDotEnv();
  const config = env();
  const open = await openDatabase(config.databaseUrl ? { databaseUrl: config.databaseUrl, poolSize: 1 } : { dataDir: config.dataDir });
  try {
    await migrateDatabase(open);
    const { created } = await seedDemo(open.db);
    console.log(created ? `Demo organisation created in ${open.location}.` : "The demo organisation already exists.");
    console.log("Sign in with:");
    for (const a of DEMO_ACCOUNTS) console.log(`  ${a.email}  (${a.role})`);
  } finally {
    await open.close();
  }
}

main().catch((error) => {
  console.error(error?.name === "EnvError" ? error.message : describeDatabaseError(error));
  process.exit(1);
});
