import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { recordFigure } from "../support/figures";
import { budget, expect, serverActions, test } from "./support";

/**
 * The server PostgreSQL stops and comes back while raters keep submitting: meanwhile the app says
 * 503 (health) and "try again" (actions), it recovers by itself, and every submit that was
 * answered with success is in the database exactly once. Runs only against a server PostgreSQL
 * (playwright.config.ts leaves it out for the embedded database, which has no server to stop).
 */
const cluster = () => {
  const version = fs.readdirSync("/etc/postgresql")[0]!;
  return (action: "stop" | "start") =>
    execFileSync("pg_ctlcluster", ["--skip-systemctl-redirect", version, "main", action, ...(action === "stop" ? ["-m", "fast"] : [])], {
      stdio: "pipe",
    });
};

async function waitFor(check: () => Promise<boolean>, ms: number) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

test("PostgreSQL stops and restarts under a load of submits: 503 meanwhile, recovery, nothing lost or doubled", async ({ request }) => {
  test.setTimeout(budget(120_000));
  const pg = cluster();
  const fixture = (await (await request.post("/api/test/fixtures", { data: { scenario: "load-raters", count: 20 } })).json()) as {
    requestId: string;
    raters: { invitationId: string; cookie: string }[];
    values: unknown;
  };
  const action = serverActions().find((a) => a.filename === "lib/surveys/actions.ts" && a.exportedName === "submitSurveyAction")!;
  const succeeded = new Set<string>();
  let attempts = 0;
  let failedWhileDown = 0;
  let slowestRefusalMs = 0;
  const refusalsNotRetryable: string[] = [];
  let running = true;
  const submitter = async (rater: { invitationId: string; cookie: string }) => {
    while (running) {
      attempts++;
      const started = Date.now();
      const response = await request
        .post(`/survey/${rater.invitationId}`, {
          headers: {
            "Next-Action": action.id,
            Accept: "text/x-component",
            "Content-Type": "text/plain;charset=UTF-8",
            Cookie: rater.cookie,
          },
          data: JSON.stringify([{ target: { kind: "rater", invitationId: rater.invitationId }, mode: "revision", values: fixture.values }]),
          timeout: 15_000,
        })
        .catch(() => null);
      const body = response ? await response.text() : "";
      if (body.includes('"ok":true')) succeeded.add(rater.invitationId);
      else {
        failedWhileDown++;
        slowestRefusalMs = Math.max(slowestRefusalMs, Date.now() - started);
        // The survey form retries by itself only what the server marks as safe to send again.
        if (response && !body.includes('"retryable":true')) refusalsNotRetryable.push(body.slice(0, 120));
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const load = Promise.all(fixture.raters.map(submitter));

  await new Promise((r) => setTimeout(r, 2000));
  pg("stop");
  let sawUnavailable = false;
  try {
    sawUnavailable = await waitFor(async () => (await request.get("/api/health")).status() === 503, 15_000);
    await new Promise((r) => setTimeout(r, 3000));
  } finally {
    pg("start");
  }
  const recovered = await waitFor(async () => (await request.get("/api/health")).status() === 200, 60_000);
  await new Promise((r) => setTimeout(r, 3000));
  running = false;
  await load;

  const counts = await (
    await request.post("/api/test/fixtures", { data: { scenario: "responses-per-invitation", requestId: fixture.requestId } })
  ).json();
  recordFigure("faults: database restarts survived", recovered ? 1 : 0);
  recordFigure("faults: submits during the fault", attempts);
  console.log(`faults: ${attempts} submits, ${failedWhileDown} refused while the database was away, ${succeeded.size} raters saved`);
  expect(sawUnavailable).toBe(true);
  expect(recovered).toBe(true);
  expect(failedWhileDown).toBeGreaterThan(0);
  // Fails fast (connect timeout 3 s, lib/db/client.ts), well inside any client's patience.
  console.log(`faults: slowest refusal ${slowestRefusalMs} ms`);
  expect(slowestRefusalMs).toBeLessThan(budget(8_000));
  expect(refusalsNotRetryable).toEqual([]);
  expect(counts.duplicates).toBe(0);
  // Every rater who was told "saved" has exactly one response.
  for (const id of succeeded) expect(counts.perInvitation[id]).toBe(1);
});
