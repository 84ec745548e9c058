import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
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

describe("bench README section", () => {
  it("replaces only what lies between its markers", async () => {
    const { renderReadme } = await import("@/bench/report");
    const readme = "# T\n\nbefore\n\n<!-- bench:begin (written by npm run bench) -->\nold\n<!-- bench:end -->\n\nafter\n";
    const run = {
      date: "2026-11-29T00:00:00.000Z",
      scale: "1x",
      subjects: 1000,
      people: 10000,
      durationSeconds: 10,
      connections: 50,
      quick: false,
      machine: { cpu: "cpu × 2", memoryGb: 24, os: "Linux", node: "v20" },
      results: [],
      targets: [],
      totalSeconds: 1,
    };
    const out = await renderReadme(readme, [run, null]);
    expect(out.startsWith("# T\n\nbefore\n\n<!-- bench:begin")).toBe(true);
    expect(out.endsWith("<!-- bench:end -->\n\nafter\n")).toBe(true);
    expect(out).not.toContain("\nold\n");
    expect(out).toContain("Scale 1x: 1,000 subjects");
  });
});
