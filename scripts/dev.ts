/**
 * `npm run dev`: the work a first request used to do in silence (issue 21: 72 s before the first
 * page) done at start-up, with a line for each step: the embedded database is migrated and the
 * demo organisation created, then `next dev` starts (telemetry off, scripts/next-env.ts), then the
 * pages of the demo's journeys are compiled, with a line every few pages, before "Open
 * http://localhost:3000" is printed, so each first visit is quick.
 * Arguments go to `next dev` (`npm run dev -- -p 3001`).
 */
import { openDatabase } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { describeDatabaseError } from "@/lib/db/prepare";
import { env } from "@/lib/env";
import { seedDemo } from "@/lib/organisations/seed-demo";
import { demoWarmUpVisits, type WarmUpVisit } from "@/lib/organisations/demo-warm-up";
import { sessionCookieName } from "@/lib/auth/cookie-name";
import { loadDotEnv } from "./load-env";
import { spawnNext } from "./next-env";

const say = (line: string) => console.log(`[twofold] ${line}`);
const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

// Compiled in this order before "Open", the order a newcomer meets them: sign-in, then (with
// the demo's data) a manager's pages and HR's opened as they are signed in
// (lib/organisations/demo-warm-up.ts), and the pages nobody signs in for: the rater survey, a
// coach's plan link. Without the demo (a server PostgreSQL), every page is asked for signed out.
const ANY_ID = "00000000-0000-4000-8000-000000000000";
const SIGN_IN_PAGES = ["/sign-in/check-email", "/dev/mail", "/sign-in/confirm", "/sign-in/problem", "/no-access"];
const SIGNED_OUT_PAGES = ["/s/warm-up", `/survey/${ANY_ID}`, "/plan-link/warm-up"];
const ANY_PAGES = [
  "/",
  `/reports/${ANY_ID}`,
  `/reports/${ANY_ID}/plan`,
  `/reports/${ANY_ID}/pulse`,
  `/requests/${ANY_ID}`,
  "/requests/new",
  `/requests/${ANY_ID}/self`,
  "/cycles",
  `/cycles/${ANY_ID}`,
  "/dashboards",
  "/people",
  `/people/${ANY_ID}`,
  "/audit",
  "/settings/sign-in",
  "/people/provisioning",
  `/cycles/${ANY_ID}/edit`,
  "/cycles/new",
  "/people/new",
  "/people/import",
];

/** Prepares the embedded database; returns the demo's signed-in warm-up visits (none without the demo). */
async function prepareDemoDatabase(): Promise<WarmUpVisit[]> {
  const config = env();
  // A server PostgreSQL is migrated by its operator (npm run db:migrate); the app only checks it.
  if (config.databaseUrl) return [];
  const started = Date.now();
  process.stdout.write(`[twofold] Preparing the demo database in ${config.dataDir}… `);
  const open = await openDatabase({ dataDir: config.dataDir });
  try {
    await migrateDatabase(open);
    const created = config.seedDemoData ? (await seedDemo(open.db)).created : false;
    console.log(`done in ${seconds(started)}${created ? " (demo organisation created)" : ""}`);
    return config.seedDemoData ? await demoWarmUpVisits(open.db) : [];
  } finally {
    await open.close();
  }
}

async function get(origin: string, path: string, sessionToken?: string): Promise<void> {
  // Only the compile matters: the answer is thrown away.
  await fetch(`${origin}${path}`, {
    redirect: "manual",
    headers: sessionToken ? { cookie: `${sessionCookieName(false)}=${sessionToken}` } : {},
    signal: AbortSignal.timeout(300_000),
  }).then((r) => r.arrayBuffer());
}

/**
 * Compiles every page of the demo before saying "Open": a first visit to a page that is still
 * compiling took 1 to 2 s on this kind of machine, and issue 21 asks for every page after the
 * first to open in under a second. The wait is spoken, a line every few pages, never silent.
 */
async function warmUp(origin: string, started: number, visits: WarmUpVisit[]): Promise<void> {
  const first = Date.now();
  say("Compiling the pages of the demo before it opens (the server's log interleaves)…");
  await get(origin, "/api/health");
  await get(origin, "/sign-in");
  say(`First page compiled in ${seconds(first)}.`);
  const steps: [string, string | undefined][] = [
    ...SIGN_IN_PAGES.map((p) => [p, undefined] as [string, undefined]),
    ...(visits.length
      ? [
          ...visits[0]!.paths.map((p) => [p, visits[0]!.sessionToken] as [string, string]),
          ...SIGNED_OUT_PAGES.map((p) => [p, undefined] as [string, undefined]),
          ...visits.slice(1).flatMap((v) => v.paths.map((p) => [p, v.sessionToken] as [string, string])),
        ]
      : [...ANY_PAGES, ...SIGNED_OUT_PAGES].map((p) => [p, undefined] as [string, undefined])),
  ];
  for (const [i, [path, token]] of steps.entries()) {
    await get(origin, path, token).catch(() => undefined);
    if ((i + 1) % 8 === 0 && i + 1 < steps.length) say(`Compiled ${i + 1} of ${steps.length} pages…`);
  }
  say(`All ${steps.length} pages compiled: each opens in under a second.`);
  say(`Open ${origin} (ready ${seconds(started)} after start). Demo sign-in addresses are on the page.`);
}

async function main() {
  const started = Date.now();
  loadDotEnv();
  let visits: WarmUpVisit[] = [];
  try {
    visits = await prepareDemoDatabase();
  } catch (error) {
    console.error(`\n[twofold] ${(error as Error)?.name === "EnvError" ? (error as Error).message : describeDatabaseError(error)}\n`);
    process.exit(1);
  }
  say("Starting the development server…");
  const child = spawnNext(["dev", ...process.argv.slice(2)], { stdio: ["inherit", "pipe", "inherit"] });
  let origin: string | null = null;
  let warming = false;
  child.stdout!.on("data", (chunk: Buffer) => {
    process.stdout.write(chunk);
    const text = chunk.toString();
    origin ??= text.match(/Local:\s+(https?:\/\/\S+)/)?.[1]?.replace(/\/+$/, "") ?? null;
    if (!warming && origin && /Ready in/.test(text)) {
      warming = true;
      warmUp(origin, started, visits).catch((error) =>
        say(`Could not compile the pages in advance (${(error as Error).message}); they compile on first visit.`),
      );
    }
  });
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

void main();
