import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  evaluateTargets,
  referenceLines,
  renderReadme,
  renderSummary,
  renderTable,
  withSummary,
  type OpResult,
  type RunResult,
} from "@/bench/report";
import { mulberry32, percentile, surveyCookie } from "@/bench/stats";

describe("bench helpers", () => {
  it("take nearest-rank percentiles of an unsorted sample", () => {
    const sample = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(sample, 50)).toBe(5);
    expect(percentile(sample, 95)).toBe(10);
    expect(percentile(sample, 99)).toBe(10);
    expect(percentile([], 50)).toBeNaN();
  });

  it("draw the same sequence from the same seed", () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    const first = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(first);
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it("sign the survey cookie the way lib/auth/survey-session.ts does", () => {
    const secret = "x".repeat(32);
    const expected = createHmac("sha256", secret).update("survey:inv:tok:123").digest("base64url");
    expect(surveyCookie(secret, "inv", "tok", 123)).toBe(`twofold-survey-inv=123.tok.${expected}`);
  });
});

/** A measured line of a bench run, as bench/run.ts writes it. */
const line = (name: string, kind: OpResult["kind"], floor: string | null, rps: number, stall = 5): OpResult => ({
  name,
  kind,
  floor,
  connections: 50,
  seconds: 10,
  requests: rps * 10,
  ok: rps * 10,
  failed: 0,
  rps,
  p50: 10,
  p95: 20,
  p99: 30,
  statementsPerOp: 1,
  maxStallMs: stall,
  aloneStallMs: stall,
  peakRssMb: 100,
});

/** A run on the server database at one scale (no lines: only the header and targets render). */
const runOf = (ops: OpResult[], scale = "1x", subjects = 1000): RunResult => ({
  date: "2026-11-30T00:00:00.000Z",
  scale,
  subjects,
  people: subjects * 10,
  durationSeconds: 10,
  connections: 50,
  quick: false,
  machine: { cpu: "cpu × 2", memoryGb: 24, os: "Linux", node: "v20" },
  results: ops.length
    ? [{ db: "server", generationSeconds: 1, counts: {}, duplicates: { duplicate_responses: 0, bad_answer_sets: 0, responses: 1 }, ops }]
    : [],
  targets: [],
  totalSeconds: 1,
});

describe("bench README section", () => {
  it("replaces only what lies between its markers", async () => {
    const readme = "# T\n\nbefore\n\n<!-- bench:begin (written by npm run bench) -->\nold\n<!-- bench:end -->\n\nafter\n";
    const out = await renderReadme(readme, [runOf([]), null]);
    expect(out.startsWith("# T\n\nbefore\n\n<!-- bench:begin")).toBe(true);
    expect(out.endsWith("<!-- bench:end -->\n\nafter\n")).toBe(true);
    expect(out).not.toContain("\nold\n");
    expect(out).toContain("Scale 1x: 1,000 subjects");
  });
});

describe("bench summary in the README", () => {
  const ops = [
    line("no-DB JSON route", "floor", null, 1000),
    line("bare INSERT route", "reference", "no-DB JSON route", 400),
    line("submit a response", "operation", "no-DB JSON route", 300),
  ];

  it("lists operations only, with their ratio to the floor and p50, per database and scale", () => {
    const table = renderSummary([runOf(ops), runOf(ops, "10x", 10000)]);
    expect(table).toContain("| submit a response | 0.3 (throughput), 10 ms | 0.3 (throughput), 10 ms |");
    expect(table).toContain("PostgreSQL 1x: ratio to floor, p50 | PostgreSQL 10x: ratio to floor, p50");
    expect(table).not.toContain("bare INSERT route");
    expect(table).not.toContain("no-DB JSON route |");
  });

  it("replaces only what lies between its own markers, and leaves a README without them alone", async () => {
    const readme = "# T\n\n<!-- bench:summary:begin (written by npm run bench) -->\nold\n<!-- bench:summary:end -->\n\nafter\n";
    const out = await withSummary(readme, [runOf(ops), null]);
    expect(out).toContain("| submit a response | 0.3 (throughput), 10 ms |");
    expect(out).not.toContain("\nold\n");
    expect(out.endsWith("<!-- bench:summary:end -->\n\nafter\n")).toBe(true);
    expect(await withSummary("# T\n", [runOf(ops)])).toBe("# T\n");
    expect(await withSummary(readme, [null, null])).toBe(readme);
  });
});

describe("bench references", () => {
  it("say how each operation compares with its bare version, and are judged by no target", () => {
    const ops = [
      line("no-DB JSON route", "floor", null, 1000),
      line("bare INSERT route", "reference", "no-DB JSON route", 400, 90),
      line("submit a response", "operation", "no-DB JSON route", 300),
      line("no-DB dynamic page", "floor", null, 300),
      line("signed-in shell", "reference", "no-DB dynamic page", 210, 120),
      line("report page", "operation", "no-DB dynamic page", 105),
    ];
    expect(referenceLines(runOf(ops))).toEqual([
      "PostgreSQL: the bare INSERT route does 40 % of the no-DB JSON route's throughput and submit a response 75 % of the bare INSERT route's; " +
        "the signed-in shell does 70 % of the no-DB dynamic page's throughput and report page 50 % of the signed-in shell's.",
    ]);
    // The references' 90 and 120 ms stalls are theirs, not an operation's.
    const stall = evaluateTargets(runOf(ops), null).find((t) => t.target.startsWith("no event-loop stall"));
    expect(stall).toMatchObject({ pass: true, measured: "max 5 ms" });
    const table = renderTable(runOf(ops));
    expect(table).toContain("| PostgreSQL | bare INSERT route (reference) | no-DB JSON route |");
    expect(table).toContain("Against the bare versions (references, no target):");
    // Without a reference in the run (--only, or an older results file) there is no such line.
    expect(referenceLines(runOf(ops.filter((o) => o.kind !== "reference")))).toEqual([]);
  });
});

describe("report page growth between scales", () => {
  const pages = (scale: string, subjects: number, floorRps: number, reportRps: number) =>
    runOf(
      [line("no-DB dynamic page", "floor", null, floorRps), line("report page", "operation", "no-DB dynamic page", reportRps)],
      scale,
      subjects,
    );
  const growth = (small: RunResult, large: RunResult) =>
    evaluateTargets(large, small).find((t) => t.target.startsWith("report page 1x -> 10x"));

  it("is judged against each run's no-DB page, so a slower machine in the second run is not growth", () => {
    // Both the floor and the page 20 % slower at 10x: the machine, not the page.
    expect(growth(pages("1x", 1000, 300, 100), pages("10x", 10000, 240, 80))).toMatchObject({
      pass: true,
      measured: "1 x (1.25 x in req/s alone)",
    });
    // The floor as fast as before and the page 30 % slower: growth.
    expect(growth(pages("1x", 1000, 300, 100), pages("10x", 10000, 300, 70))).toMatchObject({ pass: false });
  });
});
