import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildQuestionnaire } from "@/lib/framework";
import { WITHHELD_REASON } from "@/lib/report/anonymity";
import { buildReport } from "@/lib/report/build-report";
import { releaseRecord, type Populations } from "@/lib/report/history";
import type { CommentInput, ReportInput, ReportSnapshot, ResponseInput, StoredGroup } from "@/lib/report/types";
import { reportToPdf } from "@/lib/reports/pdf";

/**
 * The PDF, read the way a person reads it: rendered from a report this test builds, turned into one
 * PNG per page with pdftoppm (kept in .test-data/pdf/ to be looked at) and its text read back with
 * pdftotext. Needs poppler-utils; without it the test fails and says so (.ci/run installs it).
 */

const OUT = path.resolve(".test-data/pdf");
const keep = <T>(xs: T[]) => xs;

function poppler(command: "pdftoppm" | "pdftotext", args: string[]) {
  const run = spawnSync(command, args, { encoding: "utf8" });
  if (run.error)
    throw new Error(
      `${command} is not installed, so the PDF cannot be checked. Install poppler-utils (apt-get install -y poppler-utils; brew install poppler).`,
    );
  if (run.status !== 0) throw new Error(`${command} ${args.join(" ")} failed: ${run.stderr}`);
  return run.stdout;
}

const questionnaire = buildQuestionnaire(["Lives our value of candour in meetings"]);
const itemKeys = [...questionnaire.items.map((i) => i.key), ...questionnaire.customItems.map((i) => i.key)];

/** Scores that differ by item and rater, so the charts have shapes to show. */
function scores(base: number, swing: Record<string, number> = {}, seed = 0): Record<string, number | null> {
  return Object.fromEntries(
    itemKeys.map((key, i) => {
      const v = base + (swing[key] ?? 0) + (((i + seed) % 3) - 1) * 0.5;
      return [key, Math.max(1, Math.min(5, Math.round(v)))];
    }),
  );
}

const selfView = scores(4, { "culture.leadership": 1, "risk.management": 1, "empathy.leadership": -2, "influence.leadership": -1 });
const othersView = (seed: number) =>
  scores(3.4, { "culture.leadership": -0.8, "empathy.leadership": 1.2, "strategy.leadership": 0.6, "risk.leadership": -1 }, seed);

/** A first report with three peers; the second has the same three and one more (withheld), plus everyone else. */
function buildSnapshots(): ReportSnapshot {
  const firstPopulations: Populations = { peer: ["A", "B", "C"] };
  const first = buildReport(
    {
      questionnaire,
      threshold: 3,
      commentThreshold: 3,
      subjectName: "Sam Okafor",
      cycleName: "Spring 2026",
      responses: ["A", "B", "C"].map((_, i) => ({ group: "peer" as const, answers: othersView(i) })),
      comments: [],
    },
    keep,
  );
  const responses: ResponseInput[] = [
    { group: "self", answers: selfView },
    { group: "manager", answers: othersView(7) },
    ...[0, 1, 2, 3].map((i) => ({ group: "peer" as StoredGroup, answers: othersView(i) })),
    ...[4, 5, 6, 8].map((i) => ({ group: "direct_report" as StoredGroup, answers: othersView(i) })),
    // Two other raters: under k, relabelled "pooled" at close, and too few to show even pooled.
    ...[9, 10].map((i) => ({ group: "pooled" as StoredGroup, answers: othersView(i) })),
  ];
  const comments: CommentInput[] = [
    { group: "direct_report", topic: "keep_doing", body: "Makes time every week to ask how we are doing, and means it." },
    { group: "direct_report", topic: "keep_doing", body: "Explains why a deadline matters, not only when it is." },
    { group: "direct_report", topic: "develop", body: "Could share the longer plan earlier; we often hear about changes late." },
    { group: "manager", topic: "strategy", body: "Ready to take part in the planning round next year." },
    { group: "self", topic: "develop", body: "I want to delegate more of the budget work." },
    { group: "pooled", topic: "develop", body: "A comment from a small group: never shown." },
  ];
  const input: ReportInput = {
    questionnaire,
    threshold: 3,
    commentThreshold: 3,
    subjectName: "Sam Okafor",
    cycleName: "Autumn 2026",
    responses,
    comments,
    history: {
      earlier: [releaseRecord("first", first, firstPopulations)],
      populations: {
        self: ["S"],
        manager: ["M"],
        peer: ["A", "B", "C", "D"],
        direct_report: ["R1", "R2", "R3", "R4"],
        other: ["X", "Y"],
      },
    },
  };
  return buildReport(input, keep);
}

describe("the report as a PDF", () => {
  it("has every section of the web report, its charts' words, n beside every number, reasons for what is hidden, and page numbers", async () => {
    const snapshot = buildSnapshots();
    // The fixture holds what the PDF must show: a withheld group and a too-small pool.
    const peerCell = snapshot.items[0]!.cells.find((c) => c.group === "peer");
    expect(peerCell).toMatchObject({ status: "suppressed", reason: WITHHELD_REASON });
    expect(snapshot.items[0]!.cells.find((c) => c.group === "pooled")?.status).toBe("suppressed");

    const pdf = await reportToPdf(snapshot, new Date("2026-11-29T12:00:00Z"));
    rmSync(OUT, { recursive: true, force: true });
    mkdirSync(OUT, { recursive: true });
    const file = path.join(OUT, "report.pdf");
    writeFileSync(file, pdf);

    poppler("pdftoppm", ["-png", "-r", "100", file, path.join(OUT, "page")]);
    const pages = readdirSync(OUT).filter((f) => /^page-\d+\.png$/.test(f)).length;
    const text = poppler("pdftotext", [file, "-"]);
    const flat = text.replace(/\s+/g, " ");

    // Page numbers: "Page i of N" on each page, N being the count pdftoppm rendered.
    expect(pages).toBeGreaterThanOrEqual(6);
    const perPage = text.split("\f").filter((p) => p.trim());
    expect(perPage).toHaveLength(pages);
    perPage.forEach((p, i) => expect(p).toContain(`Page ${i + 1} of ${pages}`));
    // The subject and the cycle on every page.
    for (const p of perPage) expect(p.replace(/\s+/g, " ")).toMatch(/Sam Okafor.*Autumn 2026|Autumn 2026.*Sam Okafor/);

    for (const heading of [
      "360 report: Sam Okafor",
      "In short",
      "Who answered, and how it is shown",
      "Not shown in this report, and why",
      "Self and others across the eight differences",
      "As a leader",
      "As a manager",
      "Leader or manager? Where Sam stands on each difference",
      "Difference by difference, per group",
      "Gaps between self and others",
      "Blind spots: Sam rates higher than others do",
      "Hidden strengths: others see more than Sam does",
      "Your organisation's own items",
      "In raters' own words",
      "Growing as a leader",
    ])
      expect(flat, heading).toContain(heading);
    for (const d of snapshot.dimensions) expect(flat).toContain(`${d.number}. ${d.title}`);

    // Legends are words beside drawn shapes: no "%" left where a missing glyph was.
    expect(flat).toContain("Self (dashed line)");
    expect(flat).toContain("All raters except self (filled shape)");
    expect(text).not.toContain("%");
    expect(text).not.toContain("■");

    // Every mean the PDF draws carries its n. The only one-decimal figures without one are a gap or
    // a leader-minus-manager balance (differences of two figures shown with theirs) and the
    // summary's own "4.6 of 5".
    const figures = [...flat.matchAll(/([+-]?)\b(\d\.\d)\b(\s*\(n=\d+\)|,\s*n=\d+\)| of \d| \(n=)?/g)];
    const bare = figures.filter(([, sign, value, after], i) => {
      if (after || sign) return false;
      const before = flat.slice(Math.max(0, figures[i]!.index! - 12), figures[i]!.index!);
      return !/gap of $/.test(before) && !(value === "0.0" && /: $/.test(before));
    });
    expect(bare.map((m) => flat.slice(m.index! - 40, m.index! + 10))).toEqual([]);
    expect(flat.match(/\d\.\d\s+\(n=\d+\)/g)!.length).toBeGreaterThan(17 * 3);

    // What is withheld says why, and the pooled comment is not there.
    expect(flat).toContain(WITHHELD_REASON);
    expect(flat).toContain("Fewer than 3 raters in small groups answered this.");
    expect(flat).not.toContain("never shown");
    expect(flat).toContain("Makes time every week to ask how we are doing");
  });
});
