import os from "node:os";

/**
 * How much longer than on an idle machine the suite gives everything (tests, hooks, expectations,
 * mail): E2E_TIMEOUT_SCALE when set, otherwise the load per core when the run starts, between 1
 * and 6. Budgets are ceilings, never waits: on an idle machine nothing takes longer for it.
 */
function scale(): number {
  const set = Number(process.env.E2E_TIMEOUT_SCALE);
  if (Number.isFinite(set) && set > 0) return Math.max(1, set);
  const perCore = os.loadavg()[0]! / Math.max(1, os.cpus().length);
  return Math.min(6, Math.max(1, Math.ceil(perCore)));
}

export const timeScale = scale();

/** A time budget, scaled for a busy machine. */
export const budget = (ms: number) => Math.round(ms * timeScale);

/**
 * How long `next start` keeps an idle keep-alive socket open in the journeys: longer than any pause
 * in a test (and than a reverse proxy's upstream keep-alive, which is why `npm start` uses it too).
 */
export const KEEP_ALIVE_MS = 75_000;
