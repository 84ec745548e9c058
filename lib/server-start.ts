import { env, EnvError } from "@/lib/env";
import { describeDatabaseError, prepareDatabase } from "@/lib/db/prepare";

/**
 * Runs once per server process, before it serves anything (instrumentation.ts). Bad configuration
 * or an unreachable database stops start-up with one clear sentence instead of failing later.
 */
export async function startServer(): Promise<void> {
  let config;
  try {
    config = env();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(`\n${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  try {
    const db = await prepareDatabase();
    console.info(
      `[twofold] database ready: ${db.kind === "embedded" ? "embedded PGlite" : "PostgreSQL"} (${db.location})` +
        (db.seeded ? "; demo organisation created" : ""),
    );
  } catch (error) {
    console.error(`\n[twofold] ${describeDatabaseError(error)}\n`);
    process.exit(1);
  }
  if (config.jobsInProcess) {
    const { startJobLoop } = await import("@/lib/jobs/loop");
    startJobLoop(config.jobsIntervalSeconds);
  }
}
