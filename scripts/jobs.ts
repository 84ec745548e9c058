/**
 * `npm run jobs`: the scheduled-job runner for a server Postgres. Runs forever, one tick every
 * JOBS_INTERVAL_SECONDS; `npm run jobs -- --once` runs a single tick (for cron). Every job is
 * idempotent, so overlapping runners never send anything twice. With the embedded database the app
 * runs the jobs itself (only one process may open it).
 */
import { closeDatabase, getDatabase } from "@/lib/db";
import { describeDatabaseError } from "@/lib/db/prepare";
import { env } from "@/lib/env";
import { runJobsOnce } from "@/lib/jobs/run";
import { loadDotEnv } from "./load-env";

async function tick() {
  const report = await runJobsOnce(new Date());
  const done = Object.entries(report).filter(([, n]) => n > 0);
  console.log(`[jobs] ${new Date().toISOString()} ${done.length ? done.map(([k, n]) => `${k}: ${n}`).join(", ") : "nothing to do"}`);
}

async function main() {
  loadDotEnv();
  const config = env();
  await getDatabase();
  if (process.argv.includes("--once")) {
    await tick();
    await closeDatabase();
    return;
  }
  console.log(`[jobs] running every ${config.jobsIntervalSeconds} s; Ctrl+C to stop`);
  let stopping = false;
  const stop = async () => {
    stopping = true;
    await closeDatabase();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  while (!stopping) {
    try {
      await tick();
    } catch (error) {
      console.error(`[jobs] ${describeDatabaseError(error)}`);
    }
    await new Promise((r) => setTimeout(r, config.jobsIntervalSeconds * 1000));
  }
}

main().catch((error) => {
  console.error(error?.name === "EnvError" ? error.message : describeDatabaseError(error));
  process.exit(1);
});
