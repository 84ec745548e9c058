import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { recordFigure } from "../support/figures";
import type { CaughtMail } from "../support/smtp-catcher";
import { authJsSignIn, expect, linkIn, mailbox, serverActions, test } from "./support";
import { KEEP_ALIVE_MS } from "./time-scale";

/**
 * Horizontal scale (issue 19): two `next start` processes on one PostgreSQL database, with requests
 * split between them, and `npm run jobs` in two processes at once. Sessions, rate limits,
 * exactly-once submits, reminders and close/release must hold as they do with one process, because
 * everything they rely on lives in the database, and ballot keys in one shared KEYS_DIR.
 *
 * The processes are this file's own: a fresh database beside the suite's (`<e2e db>_scale`), loopback
 * ports (E2E_SCALE_PORT, default the suite's port + 10, and the one after it), the suite's mail
 * catcher. Runs only on a server PostgreSQL: the embedded database can be opened by one process.
 */
const serverUrl = process.env.E2E_DATABASE_URL;
const SKIP_REASON =
  "scale: skipped: two app processes need a server PostgreSQL (npm test with DATABASE_URL=postgres://…); the embedded database allows one process";
// Printed by the runner as it collects the tests (skipped tests never reach a worker).
if (!serverUrl) console.log(SKIP_REASON);

const firstPort = Number(process.env.E2E_SCALE_PORT ?? Number(process.env.E2E_APP_PORT ?? 3100) + 10);
// Bound to 127.0.0.1 only; addressed as localhost, the name Next gives itself in redirects.
const origins = [`http://localhost:${firstPort}`, `http://localhost:${firstPort + 1}`] as const;
const smtpPort = Number(process.env.MAIL_CATCHER_SMTP_PORT ?? 2526);
const PER_IP = 12;
const logDir = path.resolve("test-results", "scale");

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Poll until `check` holds, for at most `ms`; bounded, never a spin on a busy machine. */
async function until(check: () => Promise<boolean>, ms: number, every = 250): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return true;
    await sleep(every);
  }
  return false;
}

interface Started {
  name: string;
  child: ChildProcess;
  log: string;
}

function start(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): Started {
  fs.mkdirSync(logDir, { recursive: true });
  const log = path.join(logDir, `${name}.log`);
  const out = fs.openSync(log, "w");
  // A process group of its own, so stopping it stops what it started too (npm -> tsx -> node).
  const child = spawn(command, args, { env, stdio: ["ignore", out, out], detached: true });
  fs.closeSync(out);
  return { name, child, log };
}

async function stop(p: Started) {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  const exited = new Promise((r) => p.child.once("exit", r));
  try {
    process.kill(-p.child.pid!, "SIGTERM");
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-p.child.pid!, "SIGKILL");
    } catch {
      // already gone
    }
  }, 10_000);
  await exited;
  clearTimeout(timer);
}

function finish(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, stdio: "inherit" });
    child.on("exit", (code) => resolve(code ?? 1));
  });
}

const mailsTo = (all: CaughtMail[], email: string, since: number) =>
  all.filter((m) => m.receivedAt >= since && m.to.includes(email.toLowerCase()));

test.describe.serial("two app processes and two job runners on one PostgreSQL", () => {
  test.skip(!serverUrl, SKIP_REASON);

  let sql: postgres.Sql;
  let keysDir: string;
  let appEnv: NodeJS.ProcessEnv;
  const apps: Started[] = [];

  const fixture = async <T>(origin: string, data: Record<string, unknown>): Promise<T> => {
    const response = await fetch(`${origin}/api/test/fixtures`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(data),
    });
    expect(response.ok, `fixture ${String(data.scenario)} on ${origin}`).toBe(true);
    return (await response.json()) as T;
  };

  /** Two `npm run jobs` started at the same moment, so their first ticks race for the same work. */
  const jobRunners = (tag: string) => [1, 2].map((i) => start(`jobs-${tag}-${i}`, "npm", ["run", "--silent", "jobs"], appEnv));
  const ticks = (p: Started) =>
    fs
      .readFileSync(p.log, "utf8")
      .split("\n")
      .filter((l) => l.startsWith("[jobs] 20"));
  const total = (p: Started, key: string) =>
    ticks(p).reduce((sum, line) => sum + Number(new RegExp(`${key}: (\\d+)`).exec(line)?.[1] ?? 0), 0);

  test.beforeAll(async () => {
    test.setTimeout(360_000);
    const base = new URL(serverUrl!);
    const name = `${base.pathname.slice(1) || "twofold"}_scale`;
    const admin = postgres(serverUrl!, { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.unsafe(`create database "${name}"`);
    } finally {
      await admin.end({ timeout: 5 });
    }
    base.pathname = `/${name}`;
    const databaseUrl = base.toString();
    expect(await finish("npx", ["tsx", "scripts/migrate.ts"], { ...process.env, DATABASE_URL: databaseUrl })).toBe(0);
    sql = postgres(databaseUrl, { max: 2, onnotice: () => {} });

    // One keys folder for every process, set explicitly (ADR 7): not each DATA_DIR's sibling.
    keysDir = fs.mkdtempSync(path.join(os.tmpdir(), "twofold-scale-keys-"));
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "twofold-scale-data-"));
    appEnv = {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: databaseUrl,
      DATA_DIR: dataDir,
      KEYS_DIR: keysDir,
      AUTH_SECRET: randomBytes(32).toString("base64url"),
      // Behind a load balancer both processes have the same public address: links name the first.
      APP_URL: origins[0],
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      MAIL_FROM: "Twofold <no-reply@twofold.test>",
      E2E_FIXTURES: "true",
      TWOFOLD_BUILD: "test",
      SEED_DEMO_DATA: "false",
      JOBS_IN_PROCESS: "false",
      JOBS_INTERVAL_SECONDS: "5",
      SIGN_IN_LIMIT_PER_IP: String(PER_IP),
      TRUSTED_PROXIES: "0",
    };
    delete appEnv.E2E_DATABASE_URL;
    const next = path.resolve("node_modules/next/dist/bin/next");
    origins.forEach((origin, i) =>
      apps.push(
        start(
          `app-${i + 1}`,
          process.execPath,
          [next, "start", "-p", new URL(origin).port, "-H", "127.0.0.1", "--keepAliveTimeout", String(KEEP_ALIVE_MS)],
          appEnv,
        ),
      ),
    );
    for (const [i, origin] of origins.entries()) {
      const up = await until(
        async () => {
          if (apps[i]!.child.exitCode !== null) throw new Error(`app ${i + 1} exited; see ${apps[i]!.log}`);
          return (await fetch(`${origin}/api/health`)).ok;
        },
        240_000,
        500,
      );
      expect(up, `app ${i + 1} healthy (log: ${apps[i]!.log})`).toBe(true);
    }
  });

  test.afterAll(async () => {
    await Promise.all(apps.map(stop));
    await sql?.end({ timeout: 5 });
    if (keysDir) fs.rmSync(keysDir, { recursive: true, force: true });
    if (appEnv?.DATA_DIR) fs.rmSync(appEnv.DATA_DIR, { recursive: true, force: true });
  });

  test("a session made on one process works on the other, and signing out on either ends it on both", async ({ page }) => {
    test.setTimeout(120_000);
    const s = await fixture<{ manager: { email: string; name: string } }>(origins[0], { scenario: "small-organisation" });
    const since = Date.now();
    // The link is asked for on the first process and used on the second.
    await page.goto(`${origins[0]}/sign-in`);
    await page.getByLabel("Work e-mail address").fill(s.manager.email);
    await page.getByRole("button", { name: "E-mail me a sign-in link" }).click();
    await expect(page.getByRole("heading", { name: "Check your e-mail" })).toBeVisible();
    const mail = await mailbox.waitFor(s.manager.email, (m) => m.subject.includes("sign-in link"), { since, timeoutMs: 30_000 });
    const link = new URL(linkIn(mail));
    await page.goto(`${origins[1]}${link.pathname}${link.search}`);
    const t0 = Date.now();
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${origins[1]}/`, { timeout: 60_000 });
    console.log(`scale: sign-in callback on the second process took ${Date.now() - t0} ms`);

    // The cookie is per host, not per port: both processes get it, and both know the session.
    const cookie = (await page.context().cookies()).find((c) => c.name.includes("twofold.session"))!;
    for (const origin of origins) {
      const response = await fetch(`${origin}/`, { redirect: "manual", headers: { Cookie: `${cookie.name}=${cookie.value}` } });
      expect(response.status, `signed in on ${origin}`).toBe(200);
    }
    await page.goto(`${origins[0]}/`);
    await expect(page).toHaveURL(`${origins[0]}/`);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    for (const origin of origins) {
      const response = await fetch(`${origin}/`, { redirect: "manual", headers: { Cookie: `${cookie.name}=${cookie.value}` } });
      expect(response.headers.get("location") ?? "", `signed out on ${origin}`).toContain("/sign-in");
    }
  });

  test("rate limits are shared: the per-address and per-IP limits count requests to both processes together", async () => {
    test.setTimeout(120_000);
    const s = await fixture<{ reports: { email: string }[] }>(origins[1], { scenario: "small-organisation" });
    const email = s.reports[0]!.email;
    const since = Date.now();
    // Per address (5 in 15 minutes): taking turns between the processes, each with a made-up
    // X-Forwarded-For, the sixth and seventh are refused; each process alone would allow five.
    const answers: boolean[] = [];
    for (let i = 0; i < 7; i++) answers.push(await authJsSignIn(origins[i % 2]!, email, `203.0.113.${i + 1}`));
    expect(answers).toEqual([true, true, true, true, true, false, false]);
    // Links go out 0.5-2.5 s after the request: wait past that, then count.
    await until(async () => mailsTo(await mailbox.all(), email, since).length >= 5, 20_000);
    await sleep(3_000);
    expect(mailsTo(await mailbox.all(), email, since)).toHaveLength(5);

    // Per IP (SIGN_IN_LIMIT_PER_IP=12 here): fresh unknown addresses and fresh X-Forwarded-For
    // values, in turn to each process. The loopback address has used 8 of its 12 so far (one
    // sign-in in the test before, seven here, on both processes): exactly 4 more are let through.
    let allowed = 0;
    let refusedAt = 0;
    for (let i = 0; i < 2 * PER_IP && !refusedAt; i++) {
      if (await authJsSignIn(origins[i % 2]!, `flood.${i}.${Date.now()}@nowhere.test`, `198.51.100.${i + 1}`)) allowed++;
      else refusedAt = i + 1;
    }
    expect(refusedAt, "refused within the per-IP limit, across both processes").toBeGreaterThan(0);
    expect(allowed).toBe(PER_IP - 8);
    // Once refused, neither process lets that address in under a new X-Forwarded-For.
    for (const [i, origin] of origins.entries()) {
      expect(await authJsSignIn(origin, `flood.after.${i}.${Date.now()}@nowhere.test`, `192.0.2.${i + 7}`)).toBe(false);
    }
    recordFigure("scale: sign-in requests across two processes", 7 + refusedAt + 2);
  });

  test("exactly once across processes: 50 racing first submits of one invitation, split over both, make one ballot; load split over both loses nothing", async () => {
    test.setTimeout(180_000);
    const f = await fixture<{ requestId: string; raters: { invitationId: string; cookie: string }[]; values: unknown }>(origins[0], {
      scenario: "load-raters",
      count: 21,
    });
    const action = serverActions().find((a) => a.filename === "lib/surveys/actions.ts" && a.exportedName === "submitSurveyAction")!;
    const submit = (origin: string, rater: { invitationId: string; cookie: string }, mode: "first" | "revision") =>
      fetch(`${origin}/survey/${rater.invitationId}`, {
        method: "POST",
        headers: {
          "Next-Action": action.id,
          Accept: "text/x-component",
          "Content-Type": "text/plain;charset=UTF-8",
          Origin: origin,
          Cookie: rater.cookie,
        },
        body: JSON.stringify([{ target: { kind: "rater", invitationId: rater.invitationId }, mode, values: f.values }]),
      }).then((r) => r.text());
    const [racer, ...others] = f.raters;
    // The request's key does not exist yet: both processes race to create it in KEYS_DIR too.
    expect(fs.existsSync(path.join(keysDir, `${f.requestId}.key`))).toBe(false);
    const bodies = await Promise.all(Array.from({ length: 50 }, (_, i) => submit(origins[i % 2]!, racer!, "first")));
    const submitted = bodies.filter((b) => b.includes('"outcome":"submitted"')).length;
    const repeats = bodies.filter((b) => b.includes('"outcome":"already_submitted"')).length;
    expect({ submitted, repeats }, bodies.find((b) => !b.includes('"ok":true'))?.slice(0, 300)).toEqual({ submitted: 1, repeats: 49 });
    const [one] = await sql`select count(*)::int as n from ballots where request_id = ${f.requestId}`;
    expect(one!.n).toBe(1);
    expect(fs.readdirSync(keysDir).filter((name) => name.startsWith(f.requestId))).toEqual([`${f.requestId}.key`]);

    // Load, split: 20 raters each submitting then revising for 8 s, every request to the other
    // process than the one before.
    let ok = 0;
    let refused = 0;
    const until8 = Date.now() + 8_000;
    await Promise.all(
      others.map(async (rater, r) => {
        for (let i = 0; Date.now() < until8; i++) {
          const body = await submit(origins[(r + i) % 2]!, rater, i === 0 ? "first" : "revision");
          if (body.includes('"ok":true')) ok++;
          else refused++;
        }
      }),
    );
    const [all] = await sql`select count(*)::int as n from ballots where request_id = ${f.requestId}`;
    console.log(`scale: 50 racing submits made 1 ballot; load over two processes: ${ok} submits, ${refused} refused, ${all!.n} ballots`);
    recordFigure("scale: submits over two processes", 50 + ok + refused);
    expect(refused).toBe(0);
    expect(ok).toBeGreaterThan(others.length);
    expect(all!.n).toBe(f.raters.length);
  });

  test("reminders: two job runners at once send each rater's reminder once", async () => {
    test.setTimeout(180_000);
    const f = await fixture<{ requestId: string; raters: { invitationId: string }[] }>(origins[1], { scenario: "load-raters", count: 6 });
    const emails = (
      await sql<
        { email: string }[]
      >`select rater_email as email from invitations where request_id = ${f.requestId} and rater_group <> 'self'`
    ).map((r) => r.email);
    expect(emails).toHaveLength(6);
    // The cycle closes in 12 hours: the 1-day reminder is due for every rater.
    await sql`update cycles set closes_at = now() + interval '12 hours'
              where id = (select cycle_id from feedback_requests where id = ${f.requestId})`;
    const since = Date.now();
    const runners = jobRunners("reminders");
    try {
      const all = await until(
        async () => {
          const mails = await mailbox.all();
          return emails.every((e) => mailsTo(mails, e, since).length >= 1);
        },
        90_000,
        500,
      );
      expect(all, `every rater reminded (logs: ${runners.map((r) => r.log).join(", ")})`).toBe(true);
      // Two more ticks of both runners: nothing more may arrive.
      const seen = runners.map((r) => ticks(r).length);
      await until(async () => runners.every((r, i) => ticks(r).length >= seen[i]! + 2), 60_000, 500);
      await sleep(1_000);
    } finally {
      await Promise.all(runners.map(stop));
    }
    const mails = await mailbox.all();
    const perRater = emails.map((e) => mailsTo(mails, e, since).length);
    const sentBy = runners.map((r) => total(r, "remindersSent"));
    console.log(`scale: reminders per rater ${perRater.join(", ")}; sent by runner 1: ${sentBy[0]}, runner 2: ${sentBy[1]}`);
    expect(perRater).toEqual(emails.map(() => 1));
    expect(sentBy[0]! + sentBy[1]!).toBe(emails.length);
    expect(
      runners.every((r) => ticks(r).length >= 2),
      "both runners ticked",
    ).toBe(true);
    const [claims] = await sql`select count(*)::int as n from invitation_reminders
                               where invitation_id in (select id from invitations where request_id = ${f.requestId})`;
    expect(claims!.n).toBe(emails.length);
  });

  test("close and release by two job runners at once: ballots opened once, one snapshot, the key deleted", async () => {
    test.setTimeout(180_000);
    const f = await fixture<{ requestId: string; raters: { invitationId: string; cookie: string }[]; values: unknown }>(origins[0], {
      scenario: "load-raters",
      count: 4,
    });
    const action = serverActions().find((a) => a.filename === "lib/surveys/actions.ts" && a.exportedName === "submitSurveyAction")!;
    for (const [i, rater] of f.raters.entries()) {
      const body = await fetch(`${origins[i % 2]}/survey/${rater.invitationId}`, {
        method: "POST",
        headers: {
          "Next-Action": action.id,
          Accept: "text/x-component",
          "Content-Type": "text/plain;charset=UTF-8",
          Origin: origins[i % 2]!,
          Cookie: rater.cookie,
        },
        body: JSON.stringify([{ target: { kind: "rater", invitationId: rater.invitationId }, mode: "first", values: f.values }]),
      }).then((r) => r.text());
      expect(body).toContain('"outcome":"submitted"');
    }
    expect(fs.existsSync(path.join(keysDir, `${f.requestId}.key`))).toBe(true);
    // A personal request past its close date: the job runner closes it and releases it at once.
    await sql`update cycles set kind = 'personal', closes_at = now() - interval '1 minute'
              where id = (select cycle_id from feedback_requests where id = ${f.requestId})`;
    const runners = jobRunners("close");
    let released = false;
    try {
      released = await until(
        async () => {
          const [r] = await sql`select status from feedback_requests where id = ${f.requestId}`;
          return r?.status === "released";
        },
        90_000,
        500,
      );
      const seen = runners.map((r) => ticks(r).length);
      await until(async () => runners.every((r, i) => ticks(r).length >= seen[i]! + 1), 60_000, 500);
    } finally {
      await Promise.all(runners.map(stop));
    }
    expect(released, `released (logs: ${runners.map((r) => r.log).join(", ")})`).toBe(true);
    const closedBy = runners.map((r) => total(r, "cyclesClosed"));
    console.log(`scale: cycle closed by runner 1: ${closedBy[0]}, runner 2: ${closedBy[1]}`);
    expect(closedBy[0]! + closedBy[1]!).toBe(1);
    const [snapshots] = await sql`select count(*)::int as n from report_snapshots where request_id = ${f.requestId}`;
    expect(snapshots!.n).toBe(1);
    // Each of the four ballots counted once: opened twice, the published n would be eight.
    // The published cells, from the snapshot (the one published store).
    const cells = await sql<{ group: string; n: number }[]>`select c ->> 'group' as group, max((c ->> 'n')::int)::int as n
                  from report_snapshots s, jsonb_array_elements(s.data -> 'items') i, jsonb_array_elements(i -> 'cells') c
                  where s.request_id = ${f.requestId} and c ->> 'status' = 'shown' group by c ->> 'group'`;
    expect(cells.length).toBeGreaterThan(0);
    for (const c of cells) expect(c.n, c.group).toBe(f.raters.length);
    const [left] = await sql`select (select count(*) from ballots where request_id = ${f.requestId})::int as ballots,
                                    (select count(*) from responses where request_id = ${f.requestId})::int as responses`;
    expect(left).toEqual({ ballots: 0, responses: 0 });
    expect(fs.existsSync(path.join(keysDir, `${f.requestId}.key`))).toBe(false);
  });
});
