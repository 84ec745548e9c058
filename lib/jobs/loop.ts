import { runJobsOnce } from "./run";
import { logFailure } from "@/lib/log";

const state = globalThis as unknown as { __twofoldJobLoop?: NodeJS.Timeout };

/**
 * The in-process job runner, used with the embedded database (which only the app's process may
 * open). A server Postgres can use `npm run jobs` instead; both are safe to run side by side
 * because every job records what it did in the database before moving on.
 */
export function startJobLoop(intervalSeconds: number): void {
  if (state.__twofoldJobLoop) return;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await runJobsOnce(new Date());
    } catch (error) {
      logFailure("jobs", error);
    } finally {
      running = false;
    }
  };
  state.__twofoldJobLoop = setInterval(tick, intervalSeconds * 1000);
  state.__twofoldJobLoop.unref();
  console.info(`[jobs] running in this process every ${intervalSeconds} s`);
}
