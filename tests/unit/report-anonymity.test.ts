import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildQuestionnaire, V1_SCALE } from "@/lib/framework";
import { publishItem, countResponses } from "@/lib/report/anonymity";
import { buildReport } from "@/lib/report/build-report";
import { agreementFor, bandPinsScores } from "@/lib/report/gaps";
import type { ReportInput, ResponseInput, StoredGroup } from "@/lib/report/types";
import { auditSnapshot } from "../support/disclosure-auditor";

const questionnaire = buildQuestionnaire(["Acts on our values"]);
const itemKeys = [...questionnaire.items, ...questionnaire.customItems].map((i) => i.key);
const keep = <T>(xs: T[]) => xs;

function response(group: StoredGroup, score: (key: string) => number | null): ResponseInput {
  return { group, answers: Object.fromEntries(itemKeys.map((k) => [k, score(k)])) };
}

function input(
  responses: ResponseInput[],
  threshold = 3,
  commentThreshold = threshold,
  comments: ReportInput["comments"] = [],
): ReportInput {
  return { questionnaire, threshold, commentThreshold, subjectName: "Sam Okafor", cycleName: "Autumn", responses, comments };
}

const cell = (report: ReturnType<typeof buildReport>, itemKey: string, group: string) =>
  report.items.find((i) => i.key === itemKey)!.cells.find((c) => c.group === group);

// --- random reports ---------------------------------------------------------------------

const groupSizes = fc.record({
  self: fc.integer({ min: 0, max: 1 }),
  manager: fc.integer({ min: 0, max: 3 }),
  peer: fc.integer({ min: 0, max: 5 }),
  direct_report: fc.integer({ min: 0, max: 5 }),
  other: fc.integer({ min: 0, max: 4 }),
  pooled: fc.integer({ min: 0, max: 3 }),
});
const score = fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 1, max: 5 }) }, { weight: 1, arbitrary: fc.constant(null) });

const randomReport = fc
  .record({ k: fc.integer({ min: 3, max: 5 }), extraKc: fc.integer({ min: 0, max: 2 }), sizes: groupSizes })
  .chain(({ k, extraKc, sizes }) => {
    const groups = (Object.entries(sizes) as [StoredGroup, number][]).flatMap(([g, n]) => Array.from({ length: n }, () => g));
    return fc.record({
      k: fc.constant(k),
      kc: fc.constant(k + extraKc),
      responses: fc.tuple(
        ...groups.map((g) =>
          fc
            .array(score, { minLength: itemKeys.length, maxLength: itemKeys.length })
            .map((scores) => ({ group: g, answers: Object.fromEntries(itemKeys.map((key, i) => [key, scores[i]!])) })),
        ),
      ),
      commentGroups: fc.array(fc.constantFrom<StoredGroup>("self", "manager", "peer", "direct_report", "other", "pooled"), {
        maxLength: 8,
      }),
    });
  });

describe("anonymity rules (property tests against an independent disclosure auditor)", () => {
  it("no published set of numbers isolates fewer than k anonymous raters, for random reports", () => {
    fc.assert(
      fc.property(randomReport, ({ k, kc, responses }) => {
        const report = buildReport(input(responses as ResponseInput[], k, kc), keep);
        expect(auditSnapshot(input(responses as ResponseInput[], k, kc), report)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it("shows comments only for groups with at least k_c responses (attributed ones apart), never pooled", () => {
    fc.assert(
      fc.property(randomReport, ({ k, kc, responses, commentGroups }) => {
        const comments = commentGroups.map((group, i) => ({ group, topic: "develop", body: `comment ${i}` }));
        const counts = countResponses(responses as ResponseInput[]);
        const report = buildReport(input(responses as ResponseInput[], k, kc, comments), keep);
        const shown = report.comments
          .find((c) => c.topic === "develop")!
          .entries.map((e) => e.body)
          .sort();
        const expected = comments
          .filter((c) => {
            if (c.group === "pooled") return false;
            if (c.group === "self") return true;
            if (c.group === "manager" && counts.manager === 1) return true;
            return (counts[c.group] ?? 0) >= kc;
          })
          .map((c) => c.body)
          .sort();
        expect(shown).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });

  it("every shown anonymous block has at least k raters, and 'not observed' never counts", () => {
    fc.assert(
      fc.property(randomReport, ({ k, responses }) => {
        const report = buildReport(input(responses as ResponseInput[], k), keep);
        const counts = countResponses(responses as ResponseInput[]);
        for (const item of report.items) {
          for (const c of item.cells) {
            if (c.status !== "shown") continue;
            const attributed = c.group === "self" || (c.group === "manager" && counts.manager === 1);
            if (!attributed && c.group !== "others") expect(c.n!).toBeGreaterThanOrEqual(k);
            const answeredInGroup = (responses as ResponseInput[]).filter(
              (r) => r.group === c.group && r.answers[item.key] !== null,
            ).length;
            if (c.group !== "others" && c.group !== "pooled") expect(c.n).toBe(answeredInGroup);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe("anonymity rules, case by case", () => {
  const all = (v: number | null) => () => v;

  it("hides a group of 2 peers and keeps them out of 'all raters except self'", () => {
    const responses = [
      response("self", all(5)),
      response("manager", all(3)),
      response("peer", all(1)),
      response("peer", all(2)),
      ...[4, 4, 5].map((v) => response("direct_report", all(v))),
    ];
    const report = buildReport(input(responses), keep);
    const key = "culture.leadership";
    expect(cell(report, key, "peer")).toMatchObject({
      status: "suppressed",
      reason: "Fewer than 3 peers answered this, so it is not shown.",
    });
    expect(cell(report, key, "others")).toMatchObject({ status: "shown", n: 4, mean: (3 + 4 + 4 + 5) / 4 });
    expect(cell(report, key, "manager")).toMatchObject({ status: "shown", n: 1, mean: 3 });
    expect(report.groups.find((g) => g.group === "manager")?.anonymous).toBe(false);
  });

  it("pools small groups when together they reach k, and shows them only as the pool", () => {
    const responses = [response("peer", all(1)), response("peer", all(2)), response("other", all(5)), response("other", all(4))];
    const report = buildReport(input(responses), keep);
    expect(cell(report, "risk.management", "pooled")).toMatchObject({ status: "shown", n: 4, mean: 3 });
    expect(cell(report, "risk.management", "peer")?.status).toBe("pooled");
    expect(cell(report, "risk.management", "other")?.status).toBe("pooled");
    expect(cell(report, "risk.management", "others")).toMatchObject({ n: 4, mean: 3 });
  });

  it("treats two or more managers as an anonymous group", () => {
    const two = buildReport(input([response("manager", all(2)), response("manager", all(4))]), keep);
    expect(cell(two, "ideas.leadership", "manager")?.status).toBe("suppressed");
    const three = buildReport(input([response("manager", all(2)), response("manager", all(4)), response("manager", all(3))]), keep);
    expect(cell(three, "ideas.leadership", "manager")).toMatchObject({ status: "shown", n: 3, mean: 3 });
  });

  it("does not count 'not observed' towards k", () => {
    const responses = [response("peer", all(4)), response("peer", all(4)), response("peer", all(null))];
    const report = buildReport(input(responses), keep);
    expect(cell(report, "empathy.leadership", "peer")?.status).toBe("suppressed");
    expect(report.groups.find((g) => g.group === "peer")?.responses).toBe(3);
  });

  it("never publishes the relabelled small groups on their own", () => {
    const report = buildReport(input([response("pooled", all(2)), response("pooled", all(3)), response("pooled", all(4))]), keep);
    expect(cell(report, "culture.management", "pooled")).toMatchObject({ status: "shown", n: 3 });
    const tiny = buildReport(input([response("pooled", all(2)), response("pooled", all(3))]), keep);
    expect(cell(tiny, "culture.management", "pooled")?.status).toBe("suppressed");
  });

  it("the auditor catches a leaky rule: 'all others' computed from every rater", () => {
    const responses = [
      response("manager", all(3)),
      response("peer", all(1)),
      response("peer", all(2)),
      ...[4, 4, 5].map((v) => response("direct_report", all(v))),
    ];
    const snapshot = buildReport(input(responses), keep);
    // Break the rule on purpose: publish "others" over everyone, including the two hidden peers.
    for (const item of snapshot.items) {
      const others = item.cells.find((c) => c.group === "others")!;
      others.n = 6;
      others.mean = Math.round(((3 + 1 + 2 + 4 + 4 + 5) / 6) * 100) / 100;
    }
    const leaks = auditSnapshot(input(responses), snapshot);
    expect(leaks.length).toBeGreaterThan(0);
  });

  it("the auditor catches a small group published on its own", () => {
    const responses = [response("peer", all(1)), response("peer", all(2)), ...[4, 4, 5].map((v) => response("direct_report", all(v)))];
    const snapshot = buildReport(input(responses), keep);
    const item = snapshot.items[0]!;
    item.cells = item.cells.map((c) => (c.group === "peer" ? { group: "peer", status: "shown", n: 2, mean: 1.5 } : c));
    expect(auditSnapshot(input(responses), snapshot).some((l) => l.itemKey === item.key)).toBe(true);
  });

  it("publishItem's own bookkeeping agrees with the auditor's reading", () => {
    const responses = [response("self", all(4)), response("peer", all(2)), response("peer", all(3)), response("peer", all(5))];
    const pub = publishItem(responses, "culture.leadership", 3, countResponses(responses));
    expect(pub.published.map((b) => [b.group, b.raters])).toEqual([
      ["self", [0]],
      ["peer", [1, 2, 3]],
      ["others", [1, 2, 3]],
    ]);
  });
});

describe("the rest of the report", () => {
  it("flags blind spots and hidden strengths from published figures only, not where others disagree widely", () => {
    const self = response("self", (k) => (k === "culture.leadership" ? 5 : k === "risk.leadership" ? 1 : k === "ideas.leadership" ? 5 : 3));
    // Six others: on "ideas" they split 1 / 5, so a self-rating of 5 is no clear blind spot.
    const split = [1, 5, 1, 5, 1, 5];
    const others = split.map((v, i) =>
      response(i < 3 ? "peer" : "direct_report", (k) => (k.startsWith("ideas.") ? v : k === "risk.leadership" ? 4 : 3)),
    );
    const report = buildReport(input([self, ...others]), keep);
    expect(report.agreement.find((a) => a.dimensionKey === "ideas")).toMatchObject({ level: "disagree", n: 6 });
    expect(report.agreement.every((a) => a.spread === undefined)).toBe(true);
    expect(report.gaps.blindSpots.map((g) => g.itemKey)).toEqual(["culture.leadership"]);
    expect(report.gaps.hiddenStrengths.map((g) => g.itemKey)).toEqual(["risk.leadership"]);
    expect(report.gaps.rule).toMatch(/disagree widely/);
    expect(report.summary.join(" ")).toMatch(/blind spots/);
  });

  it("shows agreement only over at least 2k raters, and never where the band would pin the scores", () => {
    const three = [2, 3, 4].map((v) => response("peer", () => v));
    expect(buildReport(input(three), keep).agreement).toEqual([]);
    // Six raters adding up to 8 gave either {1,1,1,1,2,2} or {1,1,1,1,1,3}: "agree" would say which.
    expect(agreementFor("culture", [[1, 1, 1, 1, 2, 2]], 3, V1_SCALE)).toBeNull();
    expect(bandPinsScores([[6, 8]], "agree", V1_SCALE)).toBe(true);
    expect(bandPinsScores([[6, 12]], "mixed", V1_SCALE)).toBe(false);
    const pinned = [1, 1, 1, 1, 2, 2].map((v, i) =>
      response("peer", (k) => (k === "culture.leadership" ? v : k === "culture.management" && i > 2 ? null : 3)),
    );
    expect(buildReport(input(pinned), keep).agreement.find((a) => a.dimensionKey === "culture")).toBeUndefined();
    const open = [2, 3, 3, 4, 4, 2].map((v) => response("peer", () => v));
    expect(buildReport(input(open), keep).agreement.length).toBe(8);
  });

  it("offers growth tips for the two weakest leadership poles", () => {
    const peers = [1, 2, 3].map(() => response("peer", (k) => (k === "empathy.leadership" ? 1 : k === "risk.leadership" ? 2 : 4)));
    const report = buildReport(input(peers), keep);
    expect(report.growth.map((g) => g.dimensionKey)).toEqual(["empathy", "risk"]);
    expect(report.growth[0]!.tips.length).toBeGreaterThan(0);
  });

  it("reports custom items like the framework's", () => {
    const peers = [3, 4, 5].map((v) => response("peer", () => v));
    const report = buildReport(input(peers), keep);
    expect(report.customItemKeys).toEqual(["custom.1"]);
    expect(cell(report, "custom.1", "peer")).toMatchObject({ status: "shown", n: 3, mean: 4 });
  });
});

describe("the auditor checks derived numbers too", () => {
  const all = (v: number) => () => v;

  it("catches agreement published with a spread, over fewer than 2k raters, or as a band that pins the scores", () => {
    const six = [2, 3, 3, 4, 4, 2].map((v) => response("peer", all(v)));
    const shown = buildReport(input(six), keep);
    expect(auditSnapshot(input(six), shown)).toEqual([]);
    const withSpread = { ...shown, agreement: shown.agreement.map((a) => ({ ...a, spread: 0.89 })) };
    expect(auditSnapshot(input(six), withSpread).some((l) => /agreement/.test(l.message))).toBe(true);

    const three = [2, 3, 4].map((v) => response("peer", all(v)));
    const small = buildReport(input(three), keep);
    small.agreement = [{ dimensionKey: "culture", level: "mixed", n: 3, label: "Raters partly disagree" }];
    expect(auditSnapshot(input(three), small).some((l) => /agreement/.test(l.message))).toBe(true);

    const pinned = [1, 1, 1, 1, 2, 2].map((v, i) =>
      response("peer", (k) => (k === "culture.leadership" ? v : k === "culture.management" && i > 2 ? null : 3)),
    );
    const pinning = buildReport(input(pinned), keep);
    pinning.agreement = [{ dimensionKey: "culture", level: "agree", n: 6, label: "Raters broadly agree" }];
    expect(auditSnapshot(input(pinned), pinning).some((l) => /pins/.test(l.message))).toBe(true);
  });
});
