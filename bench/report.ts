/**
 * The bench's output: targets evaluated as pass/miss lines (never assertions), the table printed on
 * stdout, the full tables in docs/benchmark.md and the short table in the README's "Benchmark"
 * section. Pure functions over the results JSON.
 */

export interface OpResult {
  name: string;
  /** A reference is a bare version of an operation, shown for comparison; no target judges it. */
  kind: "operation" | "floor" | "reference";
  floor: string | null;
  connections: number;
  seconds: number;
  requests: number;
  ok: number;
  failed: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  statementsPerOp: number;
  /** The longest event-loop stall during the measured run (under load: includes queueing). */
  maxStallMs: number;
  /**
   * The longest stall while requests were sent one at a time: what one request blocks the loop for.
   * Missing in results written before 2026-11-30 (judged on maxStallMs there).
   */
  aloneStallMs?: number;
  peakRssMb: number;
}

export interface DbResult {
  db: "embedded" | "server";
  generationSeconds: number;
  counts: Record<string, number>;
  duplicates: { duplicate_responses: number; bad_answer_sets: number; responses: number } | null;
  ops: OpResult[];
}

export interface Target {
  db: string;
  target: string;
  measured: string;
  pass: boolean;
}

export interface RunResult {
  date: string;
  scale: string;
  subjects: number;
  people: number;
  durationSeconds: number;
  connections: number;
  quick: boolean;
  machine: Record<string, unknown>;
  results: DbResult[];
  targets: Target[];
  totalSeconds: number;
}

const DB_LABEL = { embedded: "PGlite", server: "PostgreSQL" } as const;
const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toLocaleString("en-GB", { maximumFractionDigits: digits }) : "–");

function op(db: DbResult, name: string): OpResult | undefined {
  return db.ops.find((o) => o.name === name);
}

/** The ratio an operation is judged on: throughput for loads, latency (p50) for one-at-a-time work. */
export function ratioToFloor(o: OpResult, floor: OpResult): { value: number; label: string } {
  if (o.connections > 1) return { value: o.rps / floor.rps, label: "throughput" };
  return { value: o.p50 / floor.p50, label: "p50 time" };
}

/** The import preview's line (issue 19, finding 4), judged on its own target below. */
export const IMPORT_PREVIEW = "preview a 5,000-row import";

export function evaluateTargets(run: RunResult, other: RunResult | null): Target[] {
  const targets: Target[] = [];
  for (const db of run.results) {
    const add = (target: string, measured: string, pass: boolean) => targets.push({ db: DB_LABEL[db.db], target, measured, pass });
    const submit = op(db, "submit a response");
    const json = op(db, "no-DB JSON route");
    if (submit && json) {
      add("submit throughput >= 50 % of the no-DB route", `${fmt((submit.rps / json.rps) * 100, 0)} %`, submit.rps >= 0.5 * json.rps);
      add(`submit p99 <= 100 ms at ${submit.connections} connections`, `${fmt(submit.p99, 0)} ms`, submit.p99 <= 100);
      const d = db.duplicates;
      const dup = d ? d.duplicate_responses + d.bad_answer_sets : NaN;
      add("submit: 0 duplicates, 0 failed", `${fmt(dup, 0)} duplicates, ${submit.failed} failed`, dup === 0 && submit.failed === 0);
    }
    const report = op(db, "report page");
    const page = op(db, "no-DB dynamic page");
    if (report && page) {
      add("report page throughput >= 75 % of the no-DB page", `${fmt((report.rps / page.rps) * 100, 0)} %`, report.rps >= 0.75 * page.rps);
      add("report page <= 2 SQL statements", `${fmt(report.statementsPerOp, 1)}`, report.statementsPerOp <= 2);
    }
    const dash = op(db, "HR dashboard page");
    const rollup = op(db, "bare SQL rollup");
    if (dash && rollup) {
      add("dashboard p50 <= 1.2 x its bare SQL rollup", `${fmt(dash.p50 / rollup.p50, 2)} x`, dash.p50 <= 1.2 * rollup.p50);
    }
    const preview = op(db, IMPORT_PREVIEW);
    if (preview) {
      // Every round, not a typical one: of five rounds, p99 is the slowest (bench/stats.ts ranks up).
      const slowest = preview.p99;
      const stall = preview.aloneStallMs ?? preview.maxStallMs;
      add(
        "import preview: 5,000 rows in under 2 s, no event-loop stall over 50 ms",
        `slowest ${fmt(slowest, 0)} ms (p50 ${fmt(preview.p50, 0)} ms), stall ${fmt(stall, 0)} ms`,
        preview.failed === 0 && slowest < 2000 && stall <= 50,
      );
    }
    // Judged on Twofold's operations, one request at a time: under fifty connections the loop's
    // delay is mostly requests waiting behind each other, as the no-DB floors show (their under-load
    // column), and a floor's own stall is the bare driver's, shown in the table for comparison.
    const alone = (o: OpResult) => o.aloneStallMs ?? o.maxStallMs;
    const operations = db.ops.filter((o) => o.kind === "operation");
    const stalls = operations.filter((o) => alone(o) > 50);
    add(
      "no event-loop stall over 50 ms (operations, one request at a time)",
      stalls.length
        ? stalls.map((o) => `${o.name} ${fmt(alone(o), 0)} ms`).join("; ")
        : `max ${fmt(Math.max(...operations.map(alone)), 0)} ms`,
      stalls.length === 0,
    );
    const floorPeak = Math.max(json?.peakRssMb ?? 0, page?.peakRssMb ?? 0);
    if (floorPeak > 0) {
      const worst = db.ops.filter((o) => o.kind === "operation").sort((a, b) => b.peakRssMb - a.peakRssMb)[0];
      if (worst) {
        add(
          "peak RSS <= 1.5 x the no-DB floor's peak",
          `${fmt(worst.peakRssMb / floorPeak, 2)} x (${worst.name}: ${fmt(worst.peakRssMb, 0)} MB vs ${fmt(floorPeak, 0)} MB)`,
          worst.peakRssMb <= 1.5 * floorPeak,
        );
      }
    }
    // Growth between scales, against the latest run at the other scale on the same database.
    const otherDb = other?.results.find((r) => r.db === db.db);
    if (other && otherDb) {
      const [small, large, smallRun, largeRun] = run.subjects < other.subjects ? [db, otherDb, run, other] : [otherDb, db, other, run];
      const factor = largeRun.subjects / smallRun.subjects;
      const d1 = op(small, "HR dashboard page");
      const d2 = op(large, "HR dashboard page");
      if (d1 && d2) {
        const growth = d2.p50 / d1.p50;
        add(
          `dashboard ${smallRun.scale} -> ${largeRun.scale}: no worse than linear (<= ${fmt(factor, 0)} x)`,
          `${fmt(growth, 1)} x`,
          growth <= factor,
        );
      }
      const r1 = op(small, "report page");
      const r2 = op(large, "report page");
      if (r1 && r2) {
        // The two runs are minutes apart, and this machine's speed drifts by 20 % in that time (the
        // floors show it), so the page's cost is taken relative to the no-DB page of its own run,
        // as every other ratio here is. "Flat": within 20 %.
        const raw = r1.rps / r2.rps;
        const f1 = op(small, "no-DB dynamic page");
        const f2 = op(large, "no-DB dynamic page");
        const growth = f1 && f2 ? r1.rps / f1.rps / (r2.rps / f2.rps) : raw;
        add(
          `report page ${smallRun.scale} -> ${largeRun.scale}: flat (cost within 1.2 x, against each run's no-DB page)`,
          f1 && f2 ? `${fmt(growth, 2)} x (${fmt(raw, 2)} x in req/s alone)` : `${fmt(growth, 2)} x`,
          growth <= 1.2,
        );
      }
    }
  }
  return targets;
}

const NAME_STYLE: Record<OpResult["kind"], (name: string) => string> = {
  floor: (name) => `*${name}*`,
  operation: (name) => `**${name}**`,
  reference: (name) => `${name} (reference)`,
};

/**
 * How each operation compares with its bare version, where the run has both: the part of the gap
 * to the floor that is Twofold's own work, and the part the framework and database take anyway.
 */
export function referenceLines(run: RunResult): string[] {
  const pairs = [
    ["submit a response", "bare INSERT route"],
    ["report page", "signed-in shell"],
  ] as const;
  const lines: string[] = [];
  for (const db of run.results) {
    const parts = pairs.flatMap(([operation, reference]) => {
      const o = op(db, operation);
      const r = op(db, reference);
      const floor = r?.floor ? op(db, r.floor) : undefined;
      if (!o || !r || !floor) return [];
      const pct = (a: OpResult, b: OpResult) => `${fmt((a.rps / b.rps) * 100, 0)} %`;
      return [
        `the ${reference} does ${pct(r, floor)} of the ${floor.name}'s throughput and ${operation} ${pct(o, r)} of the ${reference}'s`,
      ];
    });
    if (parts.length) lines.push(`${DB_LABEL[db.db]}: ${parts.join("; ")}.`);
  }
  return lines;
}

export function renderTable(run: RunResult): string {
  const lines: string[] = [];
  lines.push(
    `Scale ${run.scale}: ${run.subjects.toLocaleString("en-GB")} subjects, ${run.people.toLocaleString("en-GB")} people; ` +
      `${run.durationSeconds} s per load; ${run.date.slice(0, 10)}`,
  );
  lines.push("");
  lines.push(
    "| database | operation | vs floor | conns | req/s | p50 ms | p95 ms | p99 ms | ratio to floor | SQL/op | stall alone ms | stall under load ms | peak RSS MB |",
  );
  lines.push("|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
  for (const db of run.results) {
    for (const o of db.ops) {
      const floor = o.floor ? op(db, o.floor) : undefined;
      const ratio = floor ? ratioToFloor(o, floor) : null;
      lines.push(
        `| ${DB_LABEL[db.db]} | ${NAME_STYLE[o.kind](o.name)} | ${o.floor ?? "(floor)"} | ${o.connections} | ${fmt(o.rps)} | ${fmt(o.p50)} | ${fmt(o.p95)} | ${fmt(o.p99)} | ${ratio ? `${fmt(ratio.value, 2)} (${ratio.label})` : ""} | ${fmt(o.statementsPerOp)} | ${fmt(o.aloneStallMs ?? Number.NaN, 0)} | ${o.connections > 1 ? fmt(o.maxStallMs, 0) : ""} | ${fmt(o.peakRssMb, 0)} |`,
      );
    }
  }
  lines.push("");
  lines.push(
    run.results
      .map(
        (db) =>
          `${DB_LABEL[db.db]}: generated in ${fmt(db.generationSeconds)} s (${fmt(db.counts.answers ?? 0, 0)} answers, ${fmt(db.counts.bench_cells ?? db.counts.report_cells ?? 0, 0)} published cells)`,
      )
      .join("; "),
  );
  lines.push("");
  lines.push("| database | target | measured | |");
  lines.push("|---|---|---|---|");
  for (const t of run.targets) lines.push(`| ${t.db} | ${t.target} | ${t.measured} | ${t.pass ? "pass" : "**miss**"} |`);
  const references = referenceLines(run);
  if (references.length) {
    lines.push("");
    lines.push("Against the bare versions (references, no target):");
    lines.push("");
    for (const line of references) lines.push(`- ${line}`);
  }
  return lines.join("\n");
}

const BEGIN = "<!-- bench:begin (written by npm run bench) -->";
const END = "<!-- bench:end -->";

export async function renderReadme(
  readme: string,
  runs: (RunResult | null)[],
  format: (markdown: string) => Promise<string> = async (m) => m,
): Promise<string> {
  const present = runs.filter((r): r is RunResult => r !== null);
  if (present.length === 0) return readme;
  const m = present[0]!.machine;
  const body = [
    BEGIN,
    "",
    `Latest run: ${present.map((r) => `${r.scale} on ${r.date.slice(0, 10)}`).join(", ")}; machine: ${m.cpu}, ${m.memoryGb} GB, ${m.os}, Node ${m.node}` +
      (m.postgres ? `, PostgreSQL ${m.postgres}` : "") +
      ` (shared, load average ${(m.loadAverageAtStart as number[] | undefined)?.join(" / ") ?? "?"} at the start).`,
    "",
    (await format(present.map((r) => renderTable(r)).join("\n\n"))).trimEnd(),
    "",
    END,
  ].join("\n");
  const start = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (start >= 0 && end > start) return readme.slice(0, start) + body + readme.slice(end + END.length);
  return `${readme.trimEnd()}\n\n## Benchmark\n\n${body}\n`;
}

const SUMMARY_BEGIN = "<!-- bench:summary:begin (written by npm run bench) -->";
const SUMMARY_END = "<!-- bench:summary:end -->";

/**
 * The README's short table: one line per operation (floors and references stay in
 * docs/benchmark.md), each database's ratio to its floor and p50 at every scale run, and how many
 * targets passed. Users want to know what to expect; the method and the history are one link away.
 */
export function renderSummary(runs: (RunResult | null)[]): string {
  const present = runs.filter((r): r is RunResult => r !== null);
  const header = ["operation", ...present.flatMap((r) => r.results.map((db) => `${DB_LABEL[db.db]} ${r.scale}: ratio to floor, p50`))];
  const names = [
    ...new Set(present.flatMap((r) => r.results.flatMap((db) => db.ops.filter((o) => o.kind === "operation").map((o) => o.name)))),
  ];
  const lines = [`| ${header.join(" | ")} |`, `|${header.map((_, i) => (i === 0 ? "---" : "--:")).join("|")}|`];
  for (const name of names) {
    const cells = present.flatMap((r) =>
      r.results.map((db) => {
        const o = op(db, name);
        const floor = o?.floor ? op(db, o.floor) : undefined;
        if (!o || !floor) return "–";
        const ratio = ratioToFloor(o, floor);
        return `${fmt(ratio.value, 2)} (${ratio.label}), ${fmt(o.p50)} ms`;
      }),
    );
    lines.push(`| ${name} | ${cells.join(" | ")} |`);
  }
  const passed = present.flatMap((r) => r.targets).filter((t) => t.pass).length;
  const total = present.flatMap((r) => r.targets).length;
  return [
    SUMMARY_BEGIN,
    "",
    `Latest run: ${present.map((r) => `${r.scale} on ${r.date.slice(0, 10)}`).join(", ")}; ${passed} of ${total} targets met.`,
    "",
    ...lines,
    "",
    SUMMARY_END,
  ].join("\n");
}

/** Put the short table between its markers in the README (unchanged when there are none). */
export async function withSummary(
  readme: string,
  runs: (RunResult | null)[],
  format: (markdown: string) => Promise<string> = async (m) => m,
): Promise<string> {
  if (!runs.some((r) => r !== null)) return readme;
  const start = readme.indexOf(SUMMARY_BEGIN);
  const end = readme.indexOf(SUMMARY_END);
  if (start < 0 || end < start) return readme;
  return readme.slice(0, start) + (await format(renderSummary(runs))).trimEnd() + readme.slice(end + SUMMARY_END.length);
}
