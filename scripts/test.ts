/**
 * `npm test`: the whole suite, with nothing to install by hand.
 *   1. lint: the structure rules (eslint.config.mjs: import direction, process.env, no cycles),
 *      and that a production build would serve no test or bench route (scripts/build-routes.ts);
 *   2. vitest: unit tests, then integration tests on PGlite (or on DATABASE_URL when it is set);
 *   3. a test build (`next build` with TWOFOLD_BUILD=test into .next-test: production plus the
 *      fixture and bench routes the journeys need; next.config.ts), made once for all journeys;
 *   4. Playwright journeys in Chromium against `next start`, on a fresh embedded database (or a fresh
 *      database on the DATABASE_URL server), with real SMTP into a mail catcher.
 * Ends with one line: "N passed, N failed". Exits non-zero on any failure.
 *
 * Options: --only lint|unit|integration|e2e (repeatable), --no-build (reuse .next-test), -- extra
 * args for Playwright (e.g. -- tests/e2e/foundation.spec.ts).
 */
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { BUILDS } from "../next.config";
import { checkProduction } from "./build-routes";
import { findBrowser } from "./find-browser";

type Counts = { passed: number; failed: number; skipped: number };
const totals: Counts = { passed: 0, failed: 0, skipped: 0 };
const problems: string[] = [];

const argv = process.argv.slice(2);
const dashdash = argv.indexOf("--");
const ownArgs = dashdash >= 0 ? argv.slice(0, dashdash) : argv;
const passthrough = dashdash >= 0 ? argv.slice(dashdash + 1) : [];
const only = ownArgs.flatMap((a, i) => (a === "--only" ? [ownArgs[i + 1]] : [])).filter(Boolean) as string[];
const wants = (part: string) => only.length === 0 || only.includes(part);
const skipBuild = ownArgs.includes("--no-build");

const workDir = path.resolve(".test-data");
const databaseUrl = process.env.DATABASE_URL?.trim() || undefined;
const baseEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };

function run(command: string, args: string[], env: NodeJS.ProcessEnv = baseEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: "inherit", env });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

function readJson(file: string): any {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

function add(label: string, counts: Counts | null, exitCode: number) {
  if (!counts) {
    problems.push(`${label}: no results (exit code ${exitCode})`);
    totals.failed += 1;
    return;
  }
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  totals.skipped += counts.skipped;
  if (exitCode !== 0 && counts.failed === 0) {
    problems.push(`${label}: exited with code ${exitCode}`);
    totals.failed += 1;
  }
  console.log(`\n${label}: ${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ""}\n`);
}

async function vitest(project: "unit" | "integration") {
  const out = path.join(workDir, `vitest-${project}.json`);
  fs.rmSync(out, { force: true });
  const code = await run("npx", [
    "vitest",
    "run",
    "--project",
    project,
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${out}`,
  ]);
  const r = readJson(out);
  add(
    `vitest ${project}${project === "integration" ? (databaseUrl ? " (server PostgreSQL)" : " (embedded PGlite)") : ""}`,
    r ? { passed: r.numPassedTests, failed: r.numFailedTests, skipped: r.numPendingTests + r.numTodoTests } : null,
    code,
  );
}

/**
 * The structure rules: one pass for a clean lint, else one failure per file with a problem (each
 * problem printed as file:line rule message). Cached in .eslintcache, so a re-run reads only changed files.
 */
async function lint() {
  const out = path.join(workDir, "eslint.json");
  fs.rmSync(out, { force: true });
  const code = await run("npx", ["eslint", "--cache", "--cache-location", ".eslintcache", "--format", "json", "--output-file", out, "."]);
  const files = readJson(out) as { filePath: string; messages: { line: number; ruleId: string | null; message: string }[] }[] | null;
  if (files) {
    for (const f of files)
      for (const m of f.messages) console.error(`${path.relative(".", f.filePath)}:${m.line}  ${m.ruleId ?? "eslint"}  ${m.message}`);
  }
  const failed = files?.filter((f) => f.messages.length > 0).length ?? 0;
  add("lint (structure)", files ? { passed: failed === 0 ? 1 : 0, failed, skipped: 0 } : null, code);

  // A production build must not serve the routes the journeys and the bench use; checked from the
  // source (and from .next when a production build is there) without making another build.
  const { checks, problems: wrong } = checkProduction({ distDir: BUILDS.production.distDir });
  for (const p of wrong) console.error(`production build: ${p}`);
  add("production build has no test or bench routes", { passed: checks - wrong.length, failed: wrong.length, skipped: 0 }, 0);
}

async function ensureBrowser(): Promise<boolean> {
  if (await findBrowser()) return true;
  console.log("No Chromium or Chrome found: downloading Playwright's Chromium (one time)…");
  spawnSync("npx", ["playwright", "install", "chromium"], { stdio: "inherit" });
  if (await findBrowser()) return true;
  console.error(
    "No browser for the journeys. Install Chromium (Debian/Ubuntu: sudo apt-get install -y chromium; macOS: install Google Chrome), or set CHROMIUM_PATH to one.",
  );
  return false;
}

/** A fresh, migrated database on the DATABASE_URL server for the app under test. */
async function freshServerDatabase(url: string): Promise<string> {
  const target = new URL(url);
  const name = `${target.pathname.slice(1) || "twofold"}_e2e`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  target.pathname = `/${name}`;
  const e2eUrl = target.toString();
  const code = await run("npx", ["tsx", "scripts/migrate.ts"], { ...baseEnv, DATABASE_URL: e2eUrl });
  if (code !== 0) throw new Error("Could not migrate the e2e database");
  return e2eUrl;
}

async function e2e() {
  if (!(await ensureBrowser())) {
    add("playwright", null, 1);
    return;
  }
  if (!skipBuild || !fs.existsSync(path.join(BUILDS.test.distDir, "BUILD_ID"))) {
    const code = await run("npx", ["next", "build"], { ...baseEnv, NODE_ENV: "production", TWOFOLD_BUILD: "test" });
    if (code !== 0) {
      add("next build", null, code);
      return;
    }
  }
  const out = path.join(workDir, "playwright.json");
  fs.rmSync(out, { force: true });
  const dataDir = path.join(workDir, `e2e-${process.pid}`);
  fs.rmSync(dataDir, { recursive: true, force: true });
  const env: NodeJS.ProcessEnv = {
    ...baseEnv,
    PLAYWRIGHT_JSON_OUTPUT_NAME: out,
    E2E_DATA_DIR: dataDir,
    E2E_AUTH_SECRET: randomBytes(32).toString("base64url"),
  };
  delete env.DATABASE_URL; // the test process itself needs none; the app gets E2E_DATABASE_URL
  if (databaseUrl) env.E2E_DATABASE_URL = await freshServerDatabase(databaseUrl);
  const code = await run("npx", ["playwright", "test", ...passthrough], env);
  fs.rmSync(dataDir, { recursive: true, force: true });
  const r = readJson(out);
  add(
    `playwright (${databaseUrl ? "server PostgreSQL" : "embedded PGlite"})`,
    r ? { passed: r.stats.expected + r.stats.flaky, failed: r.stats.unexpected, skipped: r.stats.skipped } : null,
    code,
  );
}

/** The security suite's figures (tests/e2e/figures.ts), summed by name. */
function printSecurityFigures() {
  const file = path.join(workDir, "security-figures.json");
  if (!fs.existsSync(file)) return;
  const totals = new Map<string, number>();
  for (const line of fs.readFileSync(file, "utf8").split("\n").filter(Boolean)) {
    const { name, value } = JSON.parse(line) as { name: string; value: number };
    totals.set(name, (totals.get(name) ?? 0) + value);
  }
  console.log(`\nSecurity figures (${databaseUrl ? "server PostgreSQL" : "embedded PGlite"}):`);
  for (const [name, value] of totals) console.log(`  ${name}: ${value.toLocaleString("en-GB")}`);
}

async function main() {
  fs.mkdirSync(workDir, { recursive: true });
  fs.rmSync(path.join(workDir, "security-figures.json"), { force: true });
  const started = Date.now();
  if (wants("lint")) await lint();
  if (wants("unit")) await vitest("unit");
  if (wants("integration")) await vitest("integration");
  if (wants("e2e")) await e2e();
  printSecurityFigures();
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  for (const p of problems) console.error(`! ${p}`);
  console.log(
    `\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ""} (${minutes} min, ${databaseUrl ? "server PostgreSQL" : "embedded PGlite"})`,
  );
  process.exit(totals.failed > 0 ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  console.log(`\n${totals.passed} passed, ${totals.failed + 1} failed`);
  process.exit(1);
});
