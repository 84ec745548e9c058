import { env, EnvError } from "@/lib/env";
import { describeDatabaseError, prepareDatabase } from "@/lib/db/prepare";
import { mailDemoSurveyLinks } from "@/lib/organisations/demo-mailbox";
import { seedDemo } from "@/lib/organisations/seed-demo";

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
    // On first start only: seedDemo does nothing once the demo organisation exists.
    const seeded = config.seedDemoData && (await seedDemo(db.db)).created;
    console.info(
      `[twofold] database ready: ${db.kind === "embedded" ? "embedded PGlite" : "PostgreSQL"} (${db.location})` +
        (seeded ? "; demo organisation created" : ""),
    );
    const mailed = await mailDemoSurveyLinks(db.db);
    if (mailed) console.info(`[twofold] ${mailed} demo survey invitations are in the dev mailbox: /dev/mail`);
  } catch (error) {
    console.error(`\n[twofold] ${describeDatabaseError(error)}\n`);
    process.exit(1);
  }
  if (config.jobsInProcess) {
    const { startJobLoop } = await import("@/lib/jobs/loop");
    startJobLoop(config.jobsIntervalSeconds);
  }
}
