import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cycleFormSchema } from "@/lib/cycles/schemas";
import { buildQuestionnaire, type Pole, type Questionnaire } from "@/lib/framework";
import { cycleForm } from "@/tests/fixtures/cycle-form";
import { CHANGE_SCALE, pulseQuestionnaire, sincePhrase } from "@/lib/pulse/questionnaire";
import { isPulseAvailable, pulseAvailableOn } from "@/lib/pulse/rules";
import { buildReport } from "@/lib/report/build-report";
import { classifyGroups } from "@/lib/report/classify";
import type { RaterGroup } from "@/lib/report/groups";
import { releaseRecord, type Populations, type ReleaseRecord } from "@/lib/report/history";
import { comparePulse } from "@/lib/report/pulse";
import type { ReportInput, ResponseInput, StoredGroup } from "@/lib/report/types";
import { auditLedger, auditSnapshot, type PublishedReport } from "../support/disclosure-auditor";

const original = buildQuestionnaire();
const keep = <T>(xs: T[]) => xs;
const focusAreas = original.items.map((i) => ({ dimensionKey: i.dimensionKey, pole: i.pole as Pole }));

describe("the pulse's questionnaire", () => {
  it("holds only the focus items, under the original's keys and wording, on the change scale", () => {
    const q = pulseQuestionnaire(original, [focusAreas[5]!, focusAreas[0]!], "three months ago");
    expect(q.items.map((i) => i.key).sort()).toEqual([original.items[0]!.key, original.items[5]!.key].sort());
    for (const item of q.items) expect(original.items).toContainEqual(item);
    expect(q.dimensions.map((d) => d.key).sort()).toEqual([...new Set(q.items.map((i) => i.dimensionKey))].sort());
    expect(q.customItems).toEqual([]);
    expect(q.scale).toEqual(CHANGE_SCALE);
    expect(q.openQuestions).toHaveLength(1);
    expect(q.pulse).toEqual({ since: "three months ago" });
  });

  it("refuses none, more than three, a repeat or a focus the report does not have", () => {
    expect(() => pulseQuestionnaire(original, [], "x")).toThrow();
    expect(() => pulseQuestionnaire(original, focusAreas.slice(0, 4), "x")).toThrow();
    expect(() => pulseQuestionnaire(original, [focusAreas[0]!, focusAreas[0]!], "x")).toThrow();
    expect(() => pulseQuestionnaire(original, [{ dimensionKey: "charisma", pole: "leadership" }], "x")).toThrow();
  });

  it("does not share objects with the questionnaire it was built from", () => {
    const q = pulseQuestionnaire(original, [focusAreas[0]!], "x");
    q.items[0]!.text = "changed";
    expect(original.items[0]!.text).not.toBe("changed");
  });

  it("words how far back raters compare with", () => {
    expect(sincePhrase(91)).toBe("three months ago");
    expect(sincePhrase(20)).toBe("one month ago");
    expect(sincePhrase(400)).toBe("a year ago");
  });

  it("HR sets the days per cycle, from 14 to 365", () => {
    for (const days of [14, 90, 365]) expect(cycleFormSchema.safeParse(cycleForm({ pulseAfterDays: days })).success).toBe(true);
    for (const days of [13, 366, 30.5]) expect(cycleFormSchema.safeParse(cycleForm({ pulseAfterDays: days })).success).toBe(false);
  });

  it("opens on the release date plus the cycle's days, not a day before", () => {
    const released = new Date("2026-03-10T12:00:00Z");
    expect(pulseAvailableOn(released, 90)).toBe("2026-06-08");
    expect(isPulseAvailable(released, 90, new Date("2026-06-07T12:00:00Z"))).toBe(false);
    expect(isPulseAvailable(released, 90, new Date("2026-06-08T12:00:00Z"))).toBe(true);
  });
});

/** One request as the real flow makes it: invited people per group, who answered, close's relabelling. */
interface Invitee {
  id: string;
  group: RaterGroup;
  answered: boolean;
}
type Scores = Record<string, Record<string, number | null>>;

function release(q: Questionnaire, invitees: Invitee[], scores: Scores, k: number, records: ReleaseRecord[], n: number) {
  const answered = invitees.filter((i) => i.answered);
  const counts: Partial<Record<StoredGroup, number>> = {};
  for (const a of answered) counts[a.group] = (counts[a.group] ?? 0) + 1;
  const classes = classifyGroups(counts, k);
  const stored = (g: RaterGroup): StoredGroup => (classes[g] === "pooled" || classes[g] === "hidden" ? "pooled" : g);
  const keys = new Set(q.items.map((i) => i.key));
  const responses: ResponseInput[] = answered.map((a) => ({
    group: stored(a.group),
    answers: Object.fromEntries(Object.entries(scores[a.id]!).filter(([key]) => keys.has(key))),
  }));
  const populations: Populations = {};
  for (const i of invitees) ((populations as Record<string, string[]>)[i.group] ??= []).push(i.id);
  const input: ReportInput = {
    questionnaire: q,
    threshold: k,
    commentThreshold: k,
    subjectName: "Sam Okafor",
    cycleName: n === 0 ? "Spring 360" : `Pulse ${n}`,
    responses,
    comments: [],
    history: { earlier: records, populations },
  };
  const snapshot = buildReport(input, keep);
  return {
    published: { input, snapshot, raters: answered.map((a) => a.id) } as PublishedReport,
    record: releaseRecord(`r${n}`, snapshot, populations),
  };
}

function originalThenPulses(originalInvitees: Invitee[], pulses: Invitee[][], focus: typeof focusAreas, scores: Scores, k: number) {
  const records: ReleaseRecord[] = [];
  const reports: PublishedReport[] = [];
  const first = release(original, originalInvitees, scores, k, records, 0);
  reports.push(first.published);
  records.push(first.record);
  const q = pulseQuestionnaire(original, focus, "three months ago");
  pulses.forEach((invitees, i) => {
    // The release raises k to the largest any earlier report promised (promisedThreshold), as the real release does.
    const r = release(q, invitees, scores, Math.max(k, ...records.map((x) => x.threshold)), records, i + 1);
    reports.push(r.published);
    records.push(r.record);
  });
  return { reports, q };
}

const same = (v: number | null) => Object.fromEntries(original.items.map((i) => [i.key, v]));
const riskLeadership = { dimensionKey: "risk", pole: "leadership" as Pole };
const cellOf = (r: PublishedReport, group: string, key = "risk.leadership") =>
  r.snapshot.items.find((i) => i.key === key)?.cells.find((c) => c.group === group);

describe("the pulse's disclosure rule together with the original report", () => {
  it("peers A, B, C in the report, then A, B, C, D in the pulse: the pulse does not show peers, so D stays hidden", () => {
    const scores: Scores = { A: same(3), B: same(3), C: same(3), D: same(1), M: same(4) };
    const peers = (ids: string[]) => ids.map((id) => ({ id, group: "peer" as RaterGroup, answered: true }));
    const { reports } = originalThenPulses(
      [...peers(["A", "B", "C"]), { id: "M", group: "manager", answered: true }],
      [[...peers(["A", "B", "C", "D"]), { id: "M", group: "manager", answered: true }]],
      [riskLeadership],
      scores,
      3,
    );
    expect(cellOf(reports[0]!, "peer")?.status).toBe("shown");
    expect(cellOf(reports[1]!, "peer")?.status).not.toBe("shown");
    expect(auditLedger(reports)).toEqual([]);
    // And the result says so without a number.
    const [result] = comparePulse(reports[0]!.snapshot, reports[1]!.snapshot, [riskLeadership]);
    const peerRow = result!.rows.find((r) => r.group === "peer")!;
    expect(peerRow.shown).toBe(false);
    if (!peerRow.shown) expect(peerRow.reason).not.toMatch(/\d/);
    // The manager is shown on both sides: the change is shown there, with both n.
    const managerRow = result!.rows.find((r) => r.group === "manager")!;
    expect(managerRow).toMatchObject({ shown: true, before: { n: 1 }, change: { n: 1 } });
  });

  it("property: an original over raters A..E and pulses over subsets or supersets never isolate fewer than k, and a change is shown only where both sides are", () => {
    const people = ["A", "B", "C", "D", "E", "F", "G", "H"];
    const groups: RaterGroup[] = ["manager", "peer", "direct_report", "other"];
    const score = fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 5 }) }, { weight: 1, arbitrary: fc.constant(null) });
    const invitee = (ids: string[]) =>
      fc.record({ id: fc.constantFrom(...ids), group: fc.constantFrom(...groups), answered: fc.boolean() });
    const dedupe = (r: Invitee[]) => [...new Map(r.map((i) => [i.id, i])).values()];
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 4 }),
        fc.array(invitee(people.slice(0, 5)), { minLength: 2, maxLength: 8 }),
        fc.array(fc.array(invitee(people), { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 3 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 3 }),
        fc.array(fc.array(score, { minLength: 4, maxLength: 4 }), { minLength: people.length, maxLength: people.length }),
        (k, first, pulses, focusIndexes, table) => {
          // Focus on four items; a rater gives the same scores every time (the worst case).
          const candidates = [focusAreas[0]!, focusAreas[3]!, focusAreas[8]!, focusAreas[13]!];
          const keys = candidates.map((f) => `${f.dimensionKey}.${f.pole}`);
          const scores: Scores = Object.fromEntries(
            people.map((p, i) => [
              p,
              Object.fromEntries(original.items.map((it) => [it.key, keys.includes(it.key) ? table[i]![keys.indexOf(it.key)]! : 3])),
            ]),
          );
          const focus = focusIndexes.map((i) => candidates[i]!);
          const { reports } = originalThenPulses(dedupe(first), pulses.map(dedupe), focus, scores, k);
          for (const r of reports) expect(auditSnapshot(r.input, r.snapshot)).toEqual([]);
          expect(auditLedger(reports)).toEqual([]);
          for (const pulse of reports.slice(1)) {
            for (const item of comparePulse(reports[0]!.snapshot, pulse.snapshot, focus)) {
              for (const row of item.rows) {
                const before = cellOf(reports[0]!, row.group, item.itemKey);
                const after = cellOf(pulse, row.group, item.itemKey);
                expect(row.shown).toBe(before?.status === "shown" && after?.status === "shown");
                if (row.shown) expect([row.before.n, row.change.n]).toEqual([before!.n, after!.n]);
                else expect(row.reason).not.toMatch(/\d/);
              }
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
