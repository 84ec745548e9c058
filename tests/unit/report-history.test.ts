import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildQuestionnaire } from "@/lib/framework";
import { buildReport } from "@/lib/report/build-report";
import { classifyGroups } from "@/lib/report/classify";
import { releaseRecord, verdict, type Populations, type ReleaseRecord } from "@/lib/report/history";
import { WITHHELD_NOTE } from "@/lib/report/steps/group-summaries";
import { teamCells } from "@/lib/report/team";
import type { RaterGroup } from "@/lib/report/groups";
import type { ReportInput, ResponseInput, StoredGroup } from "@/lib/report/types";
import { auditLedger, auditSnapshot, type PublishedReport } from "../support/disclosure-auditor";

const questionnaire = buildQuestionnaire();
const itemKeys = questionnaire.items.map((i) => i.key);
const keep = <T>(xs: T[]) => xs;

/** One request as the real flow makes it: invited people per group, who answered, close's relabelling. */
interface Invitee {
  id: string;
  group: RaterGroup;
  answered: boolean;
}

type Scores = Record<string, Record<string, number | null>>;

function release(invitees: Invitee[], scores: Scores, k: number, earlier: PublishedReport[], records: ReleaseRecord[]) {
  const answered = invitees.filter((i) => i.answered);
  const counts: Partial<Record<StoredGroup, number>> = {};
  for (const a of answered) counts[a.group] = (counts[a.group] ?? 0) + 1;
  const classes = classifyGroups(counts, k);
  // Close relabels anonymous groups under k as "pooled".
  const stored = (g: RaterGroup): StoredGroup => (classes[g] === "pooled" || classes[g] === "hidden" ? "pooled" : g);
  const responses: ResponseInput[] = answered.map((a) => ({ group: stored(a.group), answers: { ...scores[a.id]! } }));
  const populations: Populations = {};
  for (const i of invitees) (populations[i.group] as string[] | undefined) ?? ((populations as Record<string, string[]>)[i.group] = []);
  for (const i of invitees) (populations[i.group] as string[]).push(i.id);
  const input: ReportInput = {
    questionnaire,
    threshold: k,
    commentThreshold: k,
    subjectName: "Sam Okafor",
    cycleName: `Cycle ${earlier.length + 1}`,
    responses,
    comments: [],
    history: { earlier: records, populations },
  };
  const snapshot = buildReport(input, keep);
  const published: PublishedReport = { input, snapshot, raters: answered.map((a) => a.id) };
  return { published, record: releaseRecord(`r${earlier.length}`, snapshot, populations) };
}

/** Run a sequence of requests for one subject, each checked against the ledger of the ones before. */
function sequence(requests: Invitee[][], scores: Scores, k: number | number[]) {
  const reports: PublishedReport[] = [];
  const records: ReleaseRecord[] = [];
  for (const [i, invitees] of requests.entries()) {
    const { published, record } = release(invitees, scores, Array.isArray(k) ? k[i % k.length]! : k, reports, records);
    reports.push(published);
    records.push(record);
  }
  return reports;
}

const same = (v: number | null) => Object.fromEntries(itemKeys.map((key) => [key, v]));
const cell = (r: PublishedReport, group: string, key = "risk.leadership") =>
  r.snapshot.items.find((i) => i.key === key)!.cells.find((c) => c.group === group);

describe("the disclosure rule across a person's reports", () => {
  it("attack 1: A, B, C then A, B, C, D. The second report does not show peers, so D stays hidden", () => {
    const scores: Scores = { A: same(3), B: same(3), C: same(3), D: same(1) };
    const first = ["A", "B", "C"].map((id) => ({ id, group: "peer" as const, answered: true }));
    const second = [...first, { id: "D", group: "peer" as const, answered: true }];
    const reports = sequence([first, second], scores, 3);
    expect(cell(reports[0]!, "peer")).toMatchObject({ status: "shown", n: 3 });
    expect(cell(reports[1]!, "peer")?.status).toBe("suppressed");
    expect(cell(reports[1]!, "peer")?.reason).toMatch(/earlier report/);
    expect(cell(reports[1]!, "others")?.status).not.toBe("shown");
    expect(auditLedger(reports)).toEqual([]);
  });

  it("a group the ledger withholds is noted as withheld for an earlier report, not as 'fewer than k answered' (issue 21)", () => {
    const scores: Scores = { A: same(3), B: same(3), C: same(3), D: same(1) };
    const first = ["A", "B", "C"].map((id) => ({ id, group: "peer" as const, answered: true }));
    const second = [...first, { id: "D", group: "peer" as const, answered: true }];
    const reports = sequence([first, second], scores, 3);
    const peers = reports[1]!.snapshot.groups.find((g) => g.group === "peer")!;
    expect(peers).toMatchObject({ shown: false, anonymous: true, responses: 4 });
    expect(peers.note).toBe(WITHHELD_NOTE);
    expect(peers.note).not.toMatch(/fewer than/i);
    // The note names no count (the response count is the group's own column, as in every report).
    expect(peers.note).not.toMatch(/\d/);
  });

  it("without the ledger, the same two reports give D away (the auditor sees it)", () => {
    const scores: Scores = { A: same(3), B: same(3), C: same(3), D: same(1) };
    const first = ["A", "B", "C"].map((id) => ({ id, group: "peer" as const, answered: true }));
    const second = [...first, { id: "D", group: "peer" as const, answered: true }];
    const reports = [first, second].map((invitees) => release(invitees, scores, 3, [], []).published);
    expect(cell(reports[1]!, "peer")).toMatchObject({ status: "shown", n: 4 });
    expect(auditLedger(reports).length).toBeGreaterThan(0);
  });

  it("four personal requests with three of the same four peers: the fourth shows no peers", () => {
    const scores: Scores = { A: same(5), B: same(4), C: same(2), D: same(1) };
    const trio = (ids: string[]) => ids.map((id) => ({ id, group: "peer" as const, answered: true }));
    const reports = sequence([trio(["A", "B", "C"]), trio(["A", "B", "D"]), trio(["A", "C", "D"]), trio(["B", "C", "D"])], scores, 3);
    expect(reports.slice(0, 3).map((r) => cell(r, "peer")?.status)).toEqual(["shown", "shown", "shown"]);
    expect(cell(reports[3]!, "peer")?.status).toBe("suppressed");
    expect(auditLedger(reports)).toEqual([]);
  });

  it("a yearly repeat with the same five peers is shown again when nothing can be subtracted", () => {
    const scores: Scores = Object.fromEntries(["A", "B", "C", "D", "E"].map((id, i) => [id, same(1 + i)]));
    const all = ["A", "B", "C", "D", "E"].map((id) => ({ id, group: "peer" as const, answered: true }));
    const swapped = all.map((i) => ({ ...i, answered: i.id !== "E" }));
    const swappedBack = all.map((i) => ({ ...i, answered: i.id !== "D" }));
    const repeat = sequence([all, all], scores, 3);
    expect(cell(repeat[1]!, "peer")).toMatchObject({ status: "shown", n: 5 });
    // Four of five answered twice, but a different four: only D - E could be learnt, never one person.
    const turn = sequence([swapped, swappedBack], scores, 3);
    expect(cell(turn[1]!, "peer")).toMatchObject({ status: "shown", n: 4 });
    expect(auditLedger(turn)).toEqual([]);
  });

  it("one peer fewer than last time is withheld (the previous cycle minus this one would be that peer)", () => {
    const scores: Scores = Object.fromEntries(["A", "B", "C", "D", "E"].map((id, i) => [id, same(1 + i)]));
    const all = ["A", "B", "C", "D", "E"].map((id) => ({ id, group: "peer" as const, answered: true }));
    const fewer = all.map((i) => ({ ...i, answered: i.id !== "E" }));
    const reports = sequence([all, fewer], scores, 3);
    expect(cell(reports[1]!, "peer")?.status).toBe("suppressed");
    expect(auditLedger(reports)).toEqual([]);
  });

  it("a cycle at k = 3 keeps the k = 5 promised to raters of an earlier cycle", () => {
    const scores: Scores = Object.fromEntries(["p1", "p2", "p3", "p4", "p5", "q1", "q2", "q3"].map((id, i) => [id, same(1 + (i % 5))]));
    const first = ["p1", "p2", "p3", "p4", "p5"].map((id) => ({ id, group: "peer" as const, answered: true }));
    // p5 is now the line manager (shown attributed): 5 x mean(first) - p5 would be p1..p4 together.
    const second = [
      { id: "p5", group: "manager" as const, answered: true },
      ...["q1", "q2", "q3"].map((id) => ({ id, group: "peer" as const, answered: true })),
    ];
    const reports = sequence([first, second], scores, [5, 3]);
    expect(cell(reports[0]!, "peer")).toMatchObject({ status: "shown", n: 5 });
    expect(cell(reports[1]!, "manager")?.status).toBe("suppressed");
    expect(auditLedger(reports)).toEqual([]);
  });

  it("an earlier report that withheld everything still keeps the k it promised (fast-check seed -2144038867)", () => {
    // C, D and G answered as three of four managers at k = 4 (too few: nothing shown). Later, at
    // k = 3, they come back as a peer and two others, pooled into three. Scoring the same each
    // time, the pool would be the earlier managers' answers in a group of three.
    const scores: Scores = Object.fromEntries(["A", "C", "D", "G"].map((id) => [id, same(1)]));
    const managers = [
      ...["C", "G", "D"].map((id) => ({ id, group: "manager" as const, answered: true })),
      { id: "A", group: "manager" as const, answered: false },
    ];
    const later = [
      { id: "G", group: "other" as const, answered: true },
      { id: "C", group: "peer" as const, answered: true },
      { id: "D", group: "other" as const, answered: true },
    ];
    const reports = sequence([managers, later], scores, [4, 3]);
    expect(cell(reports[0]!, "manager")?.status).not.toBe("shown");
    expect(reports[1]!.snapshot.threshold).toBe(4);
    expect(cell(reports[1]!, "pooled")?.status).not.toBe("shown");
    expect(cell(reports[1]!, "others")?.status).not.toBe("shown");
    expect(auditLedger(reports)).toEqual([]);
  });

  it("verdict: nested sets one apart leak, equal sets do not, the search gives up when too large", () => {
    expect(verdict([{ population: ["A", "B", "C"], n: 3 }], [{ population: ["A", "B", "C", "D"], n: 4 }], 3)).toBe("leak");
    expect(verdict([{ population: ["A", "B", "C"], n: 3 }], [{ population: ["A", "B", "C"], n: 3 }], 3)).toBe("safe");
    expect(verdict([{ population: ["A", "B", "C"], n: 3 }], [{ population: ["D", "E", "F"], n: 3 }], 3)).toBe("safe");
    // One of three managers answered, attributed; later all three answer: whoever it was, the two others are isolated.
    expect(verdict([{ population: ["A", "B", "C"], n: 1, attributed: true }], [{ population: ["A", "B", "C"], n: 3 }], 3)).toBe("leak");
    const wide = Array.from({ length: 16 }, (_, i) => `p${i}`);
    expect(verdict([{ population: wide, n: 8 }], [{ population: wide, n: 8 }], 3, 100)).toBe("undecided");
  });

  it("property: any sequence of requests over overlapping raters publishes nothing that isolates fewer than k", () => {
    const people = ["A", "B", "C", "D", "E", "F", "G", "H"];
    const groups: RaterGroup[] = ["manager", "peer", "direct_report", "other"];
    const score = fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 5 }) }, { weight: 1, arbitrary: fc.constant(null) });
    const request = fc.array(fc.record({ id: fc.constantFrom(...people), group: fc.constantFrom(...groups), answered: fc.boolean() }), {
      minLength: 2,
      maxLength: 8,
    });
    fc.assert(
      fc.property(
        // Each cycle its own k: a later cycle at 3 must keep the 4 promised in an earlier one.
        fc.array(fc.integer({ min: 3, max: 4 }), { minLength: 1, maxLength: 4 }),
        fc.array(request, { minLength: 2, maxLength: 4 }),
        fc.array(fc.array(score, { minLength: 4, maxLength: 4 }), { minLength: people.length, maxLength: people.length }),
        (k, requests, table) => {
          // Scores of a person are the same in every report (the worst case), on four items.
          const keys = itemKeys.slice(0, 4);
          const scores: Scores = Object.fromEntries(
            people.map((p, i) => [
              p,
              Object.fromEntries(itemKeys.map((key) => [key, keys.includes(key) ? table[i]![keys.indexOf(key)]! : 3])),
            ]),
          );
          // One person, one group, per request.
          const deduped = requests.map((r) => [...new Map(r.map((i) => [i.id, i])).values()]);
          const reports = sequence(deduped, scores, k);
          for (const r of reports) expect(auditSnapshot(r.input, r.snapshot)).toEqual([]);
          expect(auditLedger(reports)).toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("dashboards over people whose reports share raters, under every cycle and team filter", () => {
  it("property: team figures add up published cells only, so together with every report they isolate nobody", () => {
    const people = ["A", "B", "C", "D", "E", "F"];
    const groups: RaterGroup[] = ["peer", "direct_report", "other"];
    const request = fc.array(fc.record({ id: fc.constantFrom(...people), group: fc.constantFrom(...groups), answered: fc.boolean() }), {
      minLength: 3,
      maxLength: 6,
    });
    fc.assert(
      fc.property(
        // Two subjects, each rated in two cycles by overlapping raters; two teams.
        fc.array(fc.array(request, { minLength: 2, maxLength: 2 }), { minLength: 2, maxLength: 3 }),
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: people.length * 3, maxLength: people.length * 3 }),
        (subjects, table) => {
          const k = 3;
          const published: { subject: number; cycle: number; team: number; report: PublishedReport }[] = [];
          subjects.forEach((cycles, subject) => {
            // A rater's scores of this subject (the same in every cycle: the worst case).
            const scores: Scores = Object.fromEntries(
              people.map((p, i) => [p, Object.fromEntries(itemKeys.map((key, j) => [key, table[(i * 3 + subject + j) % table.length]!]))]),
            );
            const deduped = cycles.map((r) => [...new Map(r.map((i) => [i.id, i])).values()]);
            sequence(deduped, scores, k).forEach((report, cycle) => published.push({ subject, cycle, team: subject % 2, report }));
          });
          // Unknowns are (subject, rater) pairs, a rater's scores of two people being different
          // numbers: so a team figure, a sum of people's published cells, adds nothing to the span
          // of those cells, and it is enough that each figure is such a sum and each person's own
          // reports isolate nobody.
          for (const cycle of [0, 1]) {
            for (const team of [0, 1, null]) {
              const cellsOf = (c: number) =>
                published
                  .filter((p) => p.cycle === c && (team === null || p.team === team))
                  .map((p, i) => ({
                    requestId: `r${c}.${i}`,
                    personId: `S${p.subject}`,
                    cells: p.report.snapshot.items.flatMap((item) => {
                      const x = item.cells.find((y) => y.group === "others" && y.status === "shown");
                      return x ? [[item.key, x.n!, Math.round(x.mean! * x.n!)] as [string, number, number]] : [];
                    }),
                  }));
              const cells = cellsOf(cycle);
              // The second cycle is compared with the first, as the dashboard's trend does.
              const previous = cycle === 1 ? cellsOf(0) : null;
              const figures = teamCells({
                questionnaire,
                threshold: k,
                subjects: cells.map((c, i) => ({ requestId: c.requestId, name: `S${i}` })),
                cells,
                previous,
              });
              // Each side of a shown trend is the sum of the same people's published cells, at
              // least k of them: a sum of published numbers, never one person's alone.
              for (const [key, c] of Object.entries(figures.trend?.items ?? {})) {
                if (c.status !== "shown") continue;
                expect(c.people).toBeGreaterThanOrEqual(k);
                const both = cells.filter((x) => previous!.some((y) => y.personId === x.personId));
                const nOf = (list: typeof cells, person: string) =>
                  list.find((x) => x.personId === person)!.cells.find(([i]) => i === key)?.[1] ?? 0;
                const paired = both.filter((x) => nOf(cells, x.personId) > 0 && nOf(previous!, x.personId) > 0);
                expect(c.people).toBe(paired.length);
                expect(c.nNow).toBe(paired.reduce((a, x) => a + nOf(cells, x.personId), 0));
                expect(c.nBefore).toBe(paired.reduce((a, x) => a + nOf(previous!, x.personId), 0));
              }
              // Every team figure is exactly the sum of the people's shown cells: nothing else.
              for (const [i, item] of figures.items.entries()) {
                const team = figures.team[item.key]!;
                const shown = figures.heatmap.map((row) => row.cells[i]).filter((c) => c !== null);
                if (team.status === "shown") {
                  expect(team.n).toBe(shown.reduce((a, c) => a + c!.n, 0));
                  expect(team.n).toBeGreaterThanOrEqual(k);
                }
              }
            }
          }
          // And the people's reports, each person's over time, isolate nobody.
          for (const subject of subjects.keys()) {
            const theirs = published.filter((p) => p.subject === subject).map((p) => p.report);
            expect(auditLedger(theirs)).toEqual([]);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
