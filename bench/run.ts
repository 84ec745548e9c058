/**
 * `npm run bench`: how Twofold's work grows with the organisation, each operation measured next to
 * the floor under it in the same run (same server process, same minute), so ratios hold on a noisy
 * shared machine. See docs/benchmark.md (method, full tables, history) and README.md, "Benchmark".
 *
 *   npm run bench                           1x (1,000 subjects), both databases, 10 s per load
 *   npm run bench -- --scale 10x            10,000 subjects
 *   npm run bench -- --db embedded|server|both
 *   npm run bench -- --quick                smoke run: 0.1x, 3 s per load, no README update
 *   --only submit,report,dashboard,release,import   some operations only (no results written)
 *   --profile   CPU profile of the server into bench/.data/profiles (no results written)
 *   --readme-only   rewrite docs/benchmark.md and the README table from bench/results/latest-*.json
 *   options: --duration S, --connections N, --port P (3200-3299), --no-build, --no-readme,
 *            --releases N, --admin-url postgres://… (server to create the bench database on)
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import type { EventEmitter } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import autocannonModule from "autocannon";
import postgres from "postgres";
import * as prettier from "prettier";
import { openDatabase, type OpenDatabase } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { BUILDS } from "../next.config";
import { generateOrganisation, type Manifest } from "./generate";
import {
  evaluateTargets,
  IMPORT_PREVIEW,
  renderReadme,
  renderTable,
  withSummary,
  type DbResult,
  type OpResult,
  type RunResult,
} from "./report";
import { summarise, surveyCookie } from "./stats";

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const option = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};

const quick = flag("quick");
const scaleText = option("scale") ?? (quick ? "0.1x" : "1x");
const scale = Number(scaleText.replace(/x$/, ""));
if (!Number.isFinite(scale) || scale <= 0) throw new Error(`--scale must look like 1x or 10x, not ${scaleText}`);
const subjects = Math.round(1000 * scale);
const duration = Number(option("duration") ?? (quick ? 3 : 10));
const connections = Number(option("connections") ?? 50);
const port = Number(option("port") ?? 3231);
const releases = Number(option("releases") ?? (quick ? 10 : 100));
const dbChoice = option("db") ?? "both";
const dbs = (dbChoice === "both" ? ["embedded", "server"] : [dbChoice]) as ("embedded" | "server")[];
const adminUrl = option("admin-url") ?? process.env.BENCH_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const only = option("only")?.split(",");
const wants = (group: string) => !only || only.includes(group);
const profile = flag("profile");
const writeReadme = !quick && !only && !profile && !flag("no-readme");
if (port < 3200 || port > 3299) console.warn(`[bench] port ${port} is outside 3200-3299`);

const root = process.cwd();
const benchDir = path.join(root, "bench");
const dataRoot = path.join(benchDir, ".data");
const resultsDir = path.join(benchDir, "results");
// The bench measures a bench build (next.config.ts): production code plus the bench's own routes.
const distDir = path.join(root, BUILDS.bench.distDir);
const base = `http://127.0.0.1:${port}`;
const authSecret = randomBytes(32).toString("base64url");
const log = (...args: unknown[]) => console.log("[bench]", ...args);

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: "inherit", env });
    child.on("exit", (code) => resolve(code ?? 1));
  });
}

/** The id Next gave a server action at build time (the browser sends it in the Next-Action header). */
function actionId(file: string, exportName: string): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(distDir, "server/server-reference-manifest.json"), "utf8"));
  for (const [id, entry] of Object.entries<{ filename?: string; exportedName?: string }>(manifest.node ?? {})) {
    if (entry.filename?.endsWith(file) && entry.exportedName === exportName) return id;
  }
  throw new Error(`No action ${exportName} in ${file} in the build's server-reference-manifest.json`);
}

/** Where the browser posts a server action: a page the action is bound to (dynamic segments filled). */
function actionPath(file: string, exportName: string): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(distDir, "server/server-reference-manifest.json"), "utf8"));
  for (const entry of Object.values<{ filename?: string; exportedName?: string; workers?: Record<string, unknown> }>(manifest.node ?? {})) {
    if (!entry.filename?.endsWith(file) || entry.exportedName !== exportName) continue;
    const worker = Object.keys(entry.workers ?? {})[0] ?? "";
    const segments = worker
      .replace(/^app\//, "")
      .replace(/\/page$/, "")
      .split("/")
      .filter((s) => s && !/^\(.*\)$/.test(s))
      .map((s) => (s.startsWith("[") ? "00000000-0000-4000-8000-000000000000" : s));
    return `/${segments.join("/")}`;
  }
  throw new Error(`No action ${exportName} in ${file} in the build's server-reference-manifest.json`);
}

/**
 * The import preview's file (issue 19, finding 4): the largest allowed, 5,000 new people, each
 * the line manager of the next, so the reporting-loop check walks a 5,000-deep chain (a 3,000-deep
 * one used to hold the event loop for 80 s).
 */
export const IMPORT_ROWS = 5000;
function importCsv(): string {
  const lines = ["name,email,team,manager"];
  for (let i = 0; i < IMPORT_ROWS; i++) {
    lines.push(`Imported Person ${i},imported.${i}@bench.example,Import team ${i % 25},${i ? `imported.${i - 1}@bench.example` : ""}`);
  }
  return `${lines.join("\n")}\n`;
}

// ---------------------------------------------------------------------------------------------
// Database and server

async function prepareDatabase(kind: "embedded" | "server") {
  let open: OpenDatabase;
  let serverEnv: Record<string, string>;
  let cleanup: () => Promise<void>;
  if (kind === "embedded") {
    const dir = path.join(dataRoot, `${scaleText}-${process.pid}`);
    fs.rmSync(dir, { recursive: true, force: true });
    open = await openDatabase({ dataDir: dir });
    serverEnv = { DATA_DIR: dir };
    cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
  } else {
    const name = `twofold_bench_${process.pid}_${randomBytes(3).toString("hex")}`;
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${name}"`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    open = await openDatabase({ databaseUrl: url.toString(), poolSize: 1 });
    serverEnv = { DATABASE_URL: url.toString() };
    cleanup = async () => {
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end({ timeout: 5 });
    };
  }
  try {
    await migrateDatabase(open);
    const started = performance.now();
    const manifest = await generateOrganisation(open, {
      subjects,
      releasing: releases + 3,
      submitPool: 3000,
      reportViewers: 300,
    });
    const generationSeconds = (performance.now() - started) / 1000;
    return { manifest, generationSeconds, serverEnv, cleanup };
  } finally {
    await open.close();
  }
}

async function startServer(extraEnv: Record<string, string>, logFile: string): Promise<ChildProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DATABASE_URL;
  delete env.DATA_DIR;
  Object.assign(env, {
    NODE_ENV: "production",
    AUTH_SECRET: authSecret,
    APP_URL: base,
    SEED_DEMO_DATA: "false",
    JOBS_IN_PROCESS: "false",
    NEXT_TELEMETRY_DISABLED: "1",
    BENCH_FLOOR: "true",
    TWOFOLD_BUILD: "bench",
    ...extraEnv,
  });
  // --profile: a V8 CPU profile of the server, written to bench/.data/profiles when it stops.
  const nodeArgs = profile ? ["--cpu-prof", `--cpu-prof-dir=${path.join(dataRoot, "profiles")}`] : [];
  const out = fs.openSync(logFile, "w");
  const child = spawn(
    process.execPath,
    [
      ...nodeArgs,
      path.join(root, "node_modules/next/dist/bin/next"),
      "start",
      "-p",
      String(port),
      "-H",
      "127.0.0.1",
      "--keepAliveTimeout",
      "75000",
    ],
    {
      env,
      stdio: ["ignore", out, out],
    },
  );
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The server exited (code ${child.exitCode}); see ${logFile}`);
    try {
      const res = await fetch(`${base}/api/health`);
      if (res.ok) return child;
    } catch {
      // not listening yet
    }
    await sleep(300);
  }
  child.kill("SIGKILL");
  throw new Error(`The server did not become healthy in 120 s; see ${logFile}`);
}

async function stopServer(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  // SIGINT: Node writes a --cpu-prof profile on the exit that follows it (not after SIGTERM here).
  child.kill("SIGINT");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resident memory of the server and any processes it started, from /proc. */
function treeRss(pid: number): number {
  let total = 0;
  const visit = (p: number) => {
    try {
      const status = fs.readFileSync(`/proc/${p}/status`, "utf8");
      total += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
      for (const task of fs.readdirSync(`/proc/${p}/task`)) {
        const children = fs.readFileSync(`/proc/${p}/task/${task}/children`, "utf8").trim();
        for (const c of children ? children.split(/\s+/) : []) visit(Number(c));
      }
    } catch {
      // the process ended between two reads
    }
  };
  visit(pid);
  return total;
}

// ---------------------------------------------------------------------------------------------
// Measuring

interface LoadSpec {
  name: string;
  /** For --only: submit, report, dashboard, release or import. */
  group: "submit" | "report" | "dashboard" | "release" | "import";
  /**
   * A reference is a bare version of an operation (a route with only the INSERT, a page with only
   * the signed-in shell): it shows how much of the operation's cost the framework and database
   * take before any of Twofold's work. Compared with the same floor; no target applies to it.
   */
  kind: "operation" | "floor" | "reference";
  /** Which floor an operation (or reference) is compared with. */
  floor?: string;
  connections: number;
  request: () => { method: "GET" | "POST"; path: string; headers?: Record<string, string>; body?: string };
  /** The body says whether it worked (a server action answers 200 either way). */
  ok?: (status: number, body: string) => boolean;
}

async function benchCall(method: "GET" | "POST", op: string, query = "") {
  const res = await fetch(`${base}/api/bench/${op}${query ? `?${query}` : ""}`, { method });
  if (!res.ok) throw new Error(`/api/bench/${op} answered ${res.status}: ${await res.text()}`);
  return res.json();
}

/**
 * Wait until the server has stopped sending statements for a second: when a load stops, the
 * server may still be working through a backlog of requests that the client already gave up on.
 */
async function quiesce(limitMs = 60_000) {
  const deadline = Date.now() + limitMs;
  let last = -1;
  while (Date.now() < deadline) {
    const { statements } = (await benchCall("GET", "stats")) as { statements: number };
    if (statements === last) return;
    last = statements;
    await sleep(1000);
  }
  log("the server did not go quiet within a minute; counting anyway");
}

interface ServerStats {
  statements: number;
  maxStallMs: number;
}

/** What one spec has collected over all its slices or rounds. */
class Bucket {
  latencies: number[] = [];
  ok = 0;
  failed = 0;
  seconds = 0;
  maxStallMs = 0;
  /** The longest stall while requests were sent one at a time (see OpResult.aloneStallMs). */
  aloneStallMs = 0;
  peakRss = 0;
  statements = 0;
  counted = 0;
  constructor(readonly spec: LoadSpec) {}

  record(latency: number, ok: boolean, status: number, body: string) {
    this.latencies.push(latency);
    if (ok) this.ok++;
    else if (++this.failed <= 3) log(`${this.spec.name}: ${status} ${body.slice(0, 300)}`);
  }

  result(): OpResult {
    const requests = this.latencies.length;
    return {
      name: this.spec.name,
      kind: this.spec.kind,
      floor: this.spec.floor ?? null,
      connections: this.spec.connections,
      seconds: round(this.seconds, 1),
      requests,
      ok: this.ok,
      failed: this.failed,
      rps: round(requests / this.seconds, 1),
      ...mapValues(summarise(this.latencies), (v) => round(v, 2)),
      statementsPerOp: round(this.counted ? this.statements / this.counted : 0, 2),
      maxStallMs: round(this.maxStallMs, 1),
      aloneStallMs: round(this.aloneStallMs, 1),
      peakRssMb: round(this.peakRss / 2 ** 20, 0),
    };
  }
}

/** Samples the server's memory every 100 ms into whichever bucket is running. */
function rssSampler(pid: number) {
  let current: Bucket | null = null;
  const sample = () => {
    if (current) current.peakRss = Math.max(current.peakRss, treeRss(pid));
  };
  const timer = setInterval(sample, 100);
  return {
    set(bucket: Bucket | null) {
      sample();
      current = bucket;
      sample();
    },
    stop: () => clearInterval(timer),
  };
}

async function once(bucket: Bucket) {
  const r = bucket.spec.request();
  const t0 = performance.now();
  const res = await fetch(`${base}${r.path}`, { method: r.method, headers: r.headers, body: r.body });
  const body = await res.text();
  const latency = performance.now() - t0;
  bucket.record(latency, res.status < 400 && (bucket.spec.ok?.(res.status, body) ?? true), res.status, body);
  return latency;
}

/**
 * Loads under concurrency, interleaved: the floor and the operation take turns in short slices
 * (the order flipping each time) for `seconds` each in all, so both meet the same neighbours on a
 * shared machine. Statements per operation come afterwards from requests sent one at a time.
 */
async function interleavedLoad(specs: LoadSpec[], seconds: number, pid: number): Promise<OpResult[]> {
  const buckets = specs.map((spec) => new Bucket(spec));
  const slice = Math.min(2, seconds);
  const slices = Math.max(1, Math.round(seconds / slice));
  for (const b of buckets) await drive(b.spec, 1, () => {}); // warm-up: modules load and JIT on first use
  const sampler = rssSampler(pid);
  try {
    for (let s = 0; s < slices; s++) {
      for (const b of s % 2 === 0 ? buckets : [...buckets].reverse()) {
        await quiesce();
        await benchCall("POST", "reset");
        sampler.set(b);
        const t0 = performance.now();
        await drive(b.spec, slice, (latency, ok, status, body) => b.record(latency, ok, status, body));
        b.seconds += (performance.now() - t0) / 1000;
        sampler.set(null);
        const stats = (await benchCall("GET", "stats")) as ServerStats;
        b.maxStallMs = Math.max(b.maxStallMs, stats.maxStallMs);
      }
    }
  } finally {
    sampler.stop();
  }
  // Then requests one at a time: their statements, and the longest stall one request causes on
  // its own. Under fifty connections the loop's delay also counts the requests queued behind each
  // other (the no-DB floors "stall" 100-300 ms that way), which p99 latency already shows.
  for (const b of buckets) {
    await quiesce();
    const probes = 10;
    for (let i = 0; i < probes; i++) {
      await benchCall("POST", "reset");
      const r = b.spec.request();
      await (await fetch(`${base}${r.path}`, { method: r.method, headers: r.headers, body: r.body })).text();
      const stats = (await benchCall("GET", "stats")) as ServerStats;
      b.statements += stats.statements;
      b.aloneStallMs = Math.max(b.aloneStallMs, stats.maxStallMs);
    }
    b.counted = probes;
  }
  return buckets.map((b) => b.result());
}

/**
 * One request at a time, in rounds of one request per spec (the floor first in each round when
 * `floorFirst`, else the order rotates), until `rounds` are done or, without a count, until each
 * spec had about `seconds` (at least three rounds). Each request is counted on its own: its
 * statements, its longest stall.
 */
async function interleavedSequence(
  specs: LoadSpec[],
  pid: number,
  options: { rounds?: number; seconds?: number; floorFirst?: boolean },
): Promise<OpResult[]> {
  const buckets = specs.map((spec) => new Bucket(spec));
  const sampler = rssSampler(pid);
  const started = performance.now();
  try {
    for (let round = 0; ; round++) {
      if (
        options.rounds !== undefined
          ? round >= options.rounds
          : round >= 3 && performance.now() - started > options.seconds! * 1000 * specs.length
      )
        break;
      const order = options.floorFirst ? buckets : buckets.map((_, i) => buckets[(i + round) % buckets.length]!);
      for (const b of order) {
        await benchCall("POST", "reset");
        sampler.set(b);
        const latency = await once(b);
        sampler.set(null);
        b.seconds += latency / 1000;
        const stats = (await benchCall("GET", "stats")) as ServerStats;
        b.statements += stats.statements;
        b.counted++;
        b.maxStallMs = Math.max(b.maxStallMs, stats.maxStallMs);
        b.aloneStallMs = b.maxStallMs; // already one request at a time
      }
    }
  } finally {
    sampler.stop();
  }
  return buckets.map((b) => b.result());
}

/**
 * autocannon's callback form, which returns the running instance and its events (the shared type
 * in tests/types/autocannon.d.ts covers only the promise form the load test uses).
 */
const autocannon = autocannonModule as unknown as (
  options: Record<string, unknown>,
  done: (error: Error | null, result: unknown) => void,
) => EventEmitter;

/** Autocannon for `seconds`, every request built by the spec; reports each response. */
function drive(spec: LoadSpec, seconds: number, onResult: (latency: number, ok: boolean, status: number, body: string) => void) {
  return new Promise<void>((resolve, reject) => {
    // autocannon calls a request's onResponse (with the body) and then, synchronously, emits
    // "response" (with the latency) for the same client: the body in between is that response's.
    let lastBody = "";
    const instance = autocannon(
      {
        url: base,
        connections: spec.connections,
        duration: seconds,
        timeout: 30,
        requests: [
          {
            setupRequest: (req: Record<string, unknown>) => {
              const r = spec.request();
              return { ...req, method: r.method, path: r.path, headers: { ...(r.headers ?? {}) }, body: r.body };
            },
            onResponse: (_status: number, body: string) => {
              lastBody = body;
            },
          },
        ],
      },
      (error: Error | null) => (error ? reject(error) : resolve()),
    );
    // Our own latencies, so percentiles (p95 too) and failures are counted the same everywhere.
    instance.on("response", (_client: unknown, status: number, _bytes: number, responseTime: number) => {
      onResult(responseTime, status < 400 && (spec.ok ? spec.ok(status, lastBody) : true), status, lastBody);
      lastBody = "";
    });
    instance.on("reqError", (error: Error) => log(`${spec.name}: ${error.message}`));
  });
}

const round = (n: number, digits: number) => (Number.isFinite(n) ? Math.round(n * 10 ** digits) / 10 ** digits : n);
function mapValues<T extends Record<string, number>>(o: T, f: (v: number) => number): T {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v)])) as T;
}

// ---------------------------------------------------------------------------------------------
// The operations

type ImportAction = { id: string; path: string };

function surveyValues(m: Manifest, i: number) {
  const answers: Record<string, string> = {};
  m.items.forEach((key, j) => (answers[key.replace(".", "__")] = (i + j) % 13 === 0 ? "not_observed" : String(1 + ((i * 7 + j) % 5))));
  const comment = i % 10 < 3; // comments on 30 %
  return {
    answers,
    comments: comment ? { culture: "Brings people together and says what matters." } : {},
    keep_doing: comment ? "Keep sharing the plan early." : "",
    develop: "",
  };
}

async function measureDatabase(kind: "embedded" | "server", submitAction: string, importAction: ImportAction): Promise<DbResult> {
  log(`${kind}: generating ${subjects.toLocaleString("en-GB")} subjects…`);
  const { manifest: m, generationSeconds, serverEnv, cleanup } = await prepareDatabase(kind);
  log(`${kind}: generated in ${generationSeconds.toFixed(1)} s`, m.counts);
  const logFile = path.join(dataRoot, `server-${kind}.log`);
  fs.mkdirSync(dataRoot, { recursive: true });
  // A server that does not come up must not leave its database behind.
  const server = await startServer(serverEnv, logFile).catch(async (error: unknown) => {
    await cleanup();
    throw error;
  });
  const pid = server.pid!;
  const ops: OpResult[] = [];
  let duplicates: Awaited<ReturnType<typeof benchCall>> = null;
  try {
    const report = (results: OpResult[]) => {
      for (const r of results) {
        log(`${kind}: ${r.name}: ${r.rps} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, ${r.statementsPerOp} SQL/op, stall ${r.maxStallMs} ms`);
        ops.push(r);
      }
    };
    const expires = Math.floor(Date.now() / 1000) + 2 * 3600;
    let n = 0;
    const submitRequest = () => {
      const inv = m.invitations[n % m.invitations.length]!;
      const i = n++;
      return {
        method: "POST" as const,
        path: `/survey/${inv.invitationId}`,
        headers: {
          "content-type": "text/plain;charset=UTF-8",
          accept: "text/x-component",
          "next-action": submitAction,
          origin: base,
          cookie: surveyCookie(authSecret, inv.invitationId, inv.tokenId, expires),
        },
        body: JSON.stringify([{ target: { kind: "rater", invitationId: inv.invitationId }, mode: "revision", values: surveyValues(m, i) }]),
      };
    };
    // Check one submission by hand before loading: it must really land.
    const probe = submitRequest();
    const probeRes = await fetch(`${base}${probe.path}`, { method: "POST", headers: probe.headers, body: probe.body });
    const probeBody = await probeRes.text();
    if (!/"ok":true/.test(probeBody)) throw new Error(`A submit did not land: ${probeRes.status} ${probeBody.slice(0, 500)}`);

    if (wants("submit")) {
      log(`${kind}: submit a response, against the no-DB JSON route…`);
      report(
        await interleavedLoad(
          [
            {
              name: "no-DB JSON route",
              group: "submit",
              kind: "floor",
              connections,
              request: () => ({ ...submitRequest(), path: "/api/bench/floor", headers: { "content-type": "application/json" } }),
              ok: (_s, body) => body.includes('"ok":true'),
            },
            {
              name: "bare INSERT route",
              group: "submit",
              kind: "reference",
              floor: "no-DB JSON route",
              connections,
              request: () => ({ ...submitRequest(), path: "/api/bench/insert", headers: { "content-type": "application/json" } }),
              ok: (_s, body) => body.includes('"ok":true'),
            },
            {
              name: "submit a response",
              group: "submit",
              kind: "operation",
              floor: "no-DB JSON route",
              connections,
              request: submitRequest,
              ok: (_s, body) => /"ok":true/.test(body),
            },
          ],
          duration,
          pid,
        ),
      );
      duplicates = await benchCall("GET", "check", `cycle=${m.openCycleId}&items=${m.items.length}`);
      log(`${kind}: exactly-once check`, duplicates);
    }

    if (wants("report")) {
      log(`${kind}: report page, against the no-DB dynamic page…`);
      let r = 0;
      report(
        await interleavedLoad(
          [
            {
              name: "no-DB dynamic page",
              group: "report",
              kind: "floor",
              connections,
              request: () => ({ method: "GET", path: "/bench/floor" }),
              ok: (status) => status === 200,
            },
            {
              name: "signed-in shell",
              group: "report",
              kind: "reference",
              floor: "no-DB dynamic page",
              connections,
              request: () => {
                const rep = m.reports[r++ % m.reports.length]!;
                return { method: "GET", path: "/bench/shell", headers: { cookie: `__Host-twofold.session=${rep.sessionToken}` } };
              },
              ok: (status) => status === 200,
            },
            {
              name: "report page",
              group: "report",
              kind: "operation",
              floor: "no-DB dynamic page",
              connections,
              request: () => {
                const rep = m.reports[r++ % m.reports.length]!;
                return {
                  method: "GET",
                  path: `/reports/${rep.requestId}`,
                  headers: { cookie: `__Host-twofold.session=${rep.sessionToken}` },
                };
              },
              ok: (status) => status === 200,
            },
          ],
          duration,
          pid,
        ),
      );
    }

    if (wants("dashboard")) {
      log(`${kind}: HR dashboard, against the bare SQL rollup…`);
      const hrCookie = { cookie: `__Host-twofold.session=${m.hr.sessionToken}` };
      const specs: LoadSpec[] = [
        {
          name: "bare SQL rollup",
          group: "dashboard",
          kind: "floor",
          connections: 1,
          request: () => ({ method: "GET", path: `/api/bench/rollup?org=${m.organisationId}&cycle=${m.releasedCycleId}&k=${m.threshold}` }),
        },
        {
          name: "HR dashboard page",
          group: "dashboard",
          kind: "operation",
          floor: "bare SQL rollup",
          connections: 1,
          request: () => ({ method: "GET", path: `/dashboards?cycle=${m.releasedCycleId}`, headers: hrCookie }),
          ok: (status) => status === 200,
        },
        {
          name: "HR dashboard data only",
          group: "dashboard",
          kind: "operation",
          floor: "bare SQL rollup",
          connections: 1,
          request: () => ({ method: "GET", path: `/api/bench/dashboard-data?user=${m.hr.userId}&cycle=${m.releasedCycleId}` }),
        },
      ];
      for (const spec of specs) await once(new Bucket(spec)); // warm-up
      report(await interleavedSequence(specs, pid, { seconds: duration }));
    }

    if (wants("import")) {
      // One request at a time, as HR would: the real server action, next to a no-DB route that
      // receives the same body. Previewing writes nothing, so every round previews the same file.
      log(`${kind}: previewing a ${IMPORT_ROWS.toLocaleString("en-GB")}-row import, against a no-DB route with the same body…`);
      const body = JSON.stringify([{ csv: importCsv() }]);
      const specs: LoadSpec[] = [
        {
          name: "no-DB JSON route, same CSV",
          group: "import",
          kind: "floor",
          connections: 1,
          request: () => ({ method: "POST", path: "/api/bench/floor", headers: { "content-type": "application/json" }, body }),
          ok: (_s, b) => b.includes('"ok":true'),
        },
        {
          name: IMPORT_PREVIEW,
          group: "import",
          kind: "operation",
          floor: "no-DB JSON route, same CSV",
          connections: 1,
          request: () => ({
            method: "POST",
            path: importAction.path,
            headers: {
              "content-type": "text/plain;charset=UTF-8",
              accept: "text/x-component",
              "next-action": importAction.id,
              origin: base,
              cookie: `__Host-twofold.session=${m.hr.sessionToken}`,
            },
            body,
          }),
          ok: (_s, b) => b.includes(`"rows":${IMPORT_ROWS}`) && b.includes(`"create":${IMPORT_ROWS}`),
        },
      ];
      await interleavedSequence(specs, pid, { rounds: 1 }); // warm-up
      report(await interleavedSequence(specs, pid, { rounds: quick ? 3 : 5 }));
    }

    if (wants("release")) {
      // Releasing consumes its request: each round reads the subject's answers (the floor), then
      // releases that subject. The first three rounds warm the path up and are not counted.
      log(`${kind}: releasing one report at a time, against the subject's bare GROUP BY…`);
      let f = 0;
      let q = 0;
      const specs: LoadSpec[] = [
        {
          name: "subject's bare GROUP BY",
          group: "release",
          kind: "floor",
          connections: 1,
          request: () => ({ method: "GET", path: `/api/bench/subject?request=${m.closed[f++]!}` }),
        },
        {
          name: "release one report",
          group: "release",
          kind: "operation",
          floor: "subject's bare GROUP BY",
          connections: 1,
          request: () => ({
            method: "POST",
            path: `/api/bench/release?user=${m.hr.userId}&cycle=${m.closedCycleId}&request=${m.closed[q++]!}`,
          }),
          ok: (_s, body) => body.includes('"released"'),
        },
      ];
      await interleavedSequence(specs, pid, { rounds: 3, floorFirst: true });
      report(await interleavedSequence(specs, pid, { rounds: Math.min(releases, m.closed.length - 3), floorFirst: true }));
    }
  } finally {
    await stopServer(server);
    await cleanup();
  }
  return { db: kind, generationSeconds: round(generationSeconds, 1), counts: m.counts, duplicates, ops };
}

function describeMachine() {
  const cpus = os.cpus();
  return {
    os: `${os.type()} ${os.release()}`,
    cpu: `${cpus[0]?.model ?? "unknown"} × ${cpus.length}`,
    memoryGb: round(os.totalmem() / 2 ** 30, 0),
    node: process.version,
    loadAverageAtStart: os.loadavg().map((l) => round(l, 2)),
  };
}

/**
 * The full tables go to docs/benchmark.md (beside the method and history), the short one to the
 * README, both from the latest full run at each scale in bench/results/.
 */
async function updateReadme() {
  const docPath = path.join(root, "docs", "benchmark.md");
  const readmePath = path.join(root, "README.md");
  // Only the generated blocks are formatted: the rest of either file is not the bench's to touch.
  const options = (await prettier.resolveConfig(docPath)) ?? {};
  const format = (block: string) => prettier.format(block, { ...options, parser: "markdown" });
  // Targets are judged again here, so the 10x growth lines always compare the two runs shown.
  const small = latest("1x");
  const large = latest("10x");
  if (small) small.targets = evaluateTargets(small, null);
  if (large) large.targets = evaluateTargets(large, small);
  fs.writeFileSync(docPath, await renderReadme(fs.readFileSync(docPath, "utf8"), [small, large], format));
  fs.writeFileSync(readmePath, await withSummary(fs.readFileSync(readmePath, "utf8"), [small, large], format));
  log("docs/benchmark.md and the README's benchmark table updated");
}

function latest(scale: string): RunResult | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(resultsDir, `latest-${scale}.json`), "utf8")) as RunResult;
  } catch {
    return null;
  }
}

/** Written as `prettier --write` would leave it, so `npm run lint` stays clean. */
async function writeFormatted(file: string, text: string) {
  const options = (await prettier.resolveConfig(file)) ?? {};
  fs.writeFileSync(file, await prettier.format(text, { ...options, filepath: file }));
}

async function main() {
  if (flag("readme-only")) return updateReadme();
  const started = Date.now();
  const machine = describeMachine();
  log(
    `scale ${scaleText} (${subjects.toLocaleString("en-GB")} subjects), ${duration} s per load, ${connections} connections, db: ${dbs.join(", ")}`,
  );
  if (!flag("no-build")) {
    log(`building (next build, TWOFOLD_BUILD=bench, into ${BUILDS.bench.distDir})…`);
    const code = await run(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      TWOFOLD_BUILD: "bench",
    });
    if (code !== 0) throw new Error("next build failed");
  }
  const submitAction = actionId("lib/surveys/actions.ts", "submitSurveyAction");
  const importAction = {
    id: actionId("lib/people/actions.ts", "previewImportAction"),
    path: actionPath("lib/people/actions.ts", "previewImportAction"),
  };
  const results: DbResult[] = [];
  for (const kind of dbs) {
    if (kind === "server") {
      const pg = postgres(adminUrl, { max: 1, onnotice: () => {} });
      const [v] = await pg.unsafe("show server_version");
      await pg.end({ timeout: 5 });
      (machine as Record<string, unknown>).postgres = (v as unknown as { server_version: string }).server_version;
    }
    results.push(await measureDatabase(kind, submitAction, importAction));
  }
  const result: RunResult = {
    date: new Date().toISOString(),
    scale: scaleText,
    subjects,
    people: subjects * 10,
    durationSeconds: duration,
    connections,
    quick,
    machine,
    results,
    targets: [],
    totalSeconds: 0,
  };
  fs.mkdirSync(resultsDir, { recursive: true });
  // Growth is judged on the larger run, against the latest run at 1x.
  const other = scaleText === "10x" ? latest("1x") : null;
  result.targets = evaluateTargets(result, other);
  result.totalSeconds = Math.round((Date.now() - started) / 1000);
  console.log(`\n${renderTable(result)}`);
  if (!quick && !only && !profile) {
    const stamp = result.date.replace(/[:.]/g, "-");
    for (const name of [`${stamp}-${scaleText}.json`, `latest-${scaleText}.json`]) {
      await writeFormatted(path.join(resultsDir, name), JSON.stringify(result, null, 2));
    }
    log(`results written to bench/results/latest-${scaleText}.json`);
  }
  if (writeReadme) await updateReadme();
  log(`done in ${result.totalSeconds} s`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
