import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RATER_GROUPS, type RaterGroup } from "@/lib/report/groups";
import { progressText, publishedResponses, shownCompletion, shownGroupProgress, shownProgress, shownTotals } from "@/lib/report/progress";
import { classifyGroups } from "@/lib/report/classify";

describe("progress that names nobody", () => {
  it("shows an anonymous group only as reached k or not, with the invitations the subject sent", () => {
    expect(shownGroupProgress({ group: "peer", invited: 5, responded: 2 }, 3)).toEqual({
      group: "peer",
      kind: "anonymous",
      invited: 5,
      enough: false,
    });
    expect(shownGroupProgress({ group: "peer", invited: 5, responded: 3 }, 3)).toEqual({
      group: "peer",
      kind: "anonymous",
      invited: 5,
      enough: true,
    });
    // No count of answers, of declines, or of how many more are needed is ever in the result.
    const shown = shownProgress([{ group: "other", invited: 1, responded: 1, declined: 0 } as never], 3);
    expect(Object.keys(shown[0]!).sort()).toEqual(["enough", "group", "invited", "kind"]);
    expect(progressText(shown[0]!, true)).toBe("Not enough answers to be shown on their own");
  });

  it("a lone external after release is 'not enough', never '1 of 1 responded'", () => {
    const [p] = shownProgress([{ group: "other", invited: 1, responded: 1 }], 3);
    expect(p).toMatchObject({ kind: "anonymous", enough: false });
    expect(progressText(p!, true)).not.toMatch(/\d/);
  });

  it("says done or not yet for attributed slots: the self-assessment and a single line manager", () => {
    expect(shownGroupProgress({ group: "self", invited: 1, responded: 1 }, 3)).toMatchObject({ kind: "attributed", done: true });
    expect(shownGroupProgress({ group: "manager", invited: 1, responded: 0 }, 3)).toMatchObject({ kind: "attributed", done: false });
    // Several managers are an anonymous group.
    expect(shownGroupProgress({ group: "manager", invited: 2, responded: 2 }, 3)).toMatchObject({ kind: "anonymous", enough: false });
  });

  it("leaves out groups nobody was invited to, and keeps the usual order", () => {
    const shown = shownProgress(
      [
        { group: "other", invited: 3, responded: 0 },
        { group: "peer", invited: 0, responded: 0 },
        { group: "self", invited: 1, responded: 0 },
      ],
      3,
    );
    expect(shown.map((p) => p.group)).toEqual(["self", "other"]);
  });

  const group = fc.constantFrom<RaterGroup>(...RATER_GROUPS);
  const counts = fc
    .record({ group, invited: fc.integer({ min: 1, max: 20 }), responded: fc.nat({ max: 20 }), k: fc.integer({ min: 3, max: 10 }) })
    .map((c) => ({ ...c, responded: Math.min(c.responded, c.invited - 1) }));

  it("property: one more answer changes nothing shown unless the group crosses k (or is an attributed slot)", () => {
    fc.assert(
      fc.property(counts, ({ group, invited, responded, k }) => {
        const before = shownGroupProgress({ group, invited, responded }, k);
        const after = shownGroupProgress({ group, invited, responded: responded + 1 }, k);
        const crossesK = responded + 1 === k;
        if (before.kind === "anonymous" && !crossesK) expect(after).toEqual(before);
        if (before.kind === "attributed") expect(after.kind).toBe("attributed");
      }),
      { numRuns: 2000 },
    );
  });

  it("property: a whole request's view changes with one answer only where that group crosses k", () => {
    const request = fc.uniqueArray(counts, { selector: (c) => c.group, minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(request, fc.nat(), fc.integer({ min: 3, max: 10 }), (groups, pick, k) => {
        const i = pick % groups.length;
        const raw = groups.map(({ group, invited, responded }) => ({ group, invited, responded }));
        const next = raw.map((g, j) => (j === i ? { ...g, responded: g.responded + 1 } : g));
        const before = shownProgress(raw, k);
        const after = shownProgress(next, k);
        const changed = raw[i]!;
        const anonymous = before.find((p) => p.group === changed.group)!.kind === "anonymous";
        if (anonymous && changed.responded + 1 !== k) expect(after).toEqual(before);
        // Other groups never move.
        expect(after.filter((p) => p.group !== changed.group)).toEqual(before.filter((p) => p.group !== changed.group));
      }),
      { numRuns: 1000 },
    );
  });
});

describe("completion totals for HR", () => {
  it("are hidden for a single request, however many answers it has", () => {
    expect(shownCompletion([{ invited: 10, responded: 9, closed: true }], 3)).toEqual({ shown: false, requests: 1, invited: 10 });
  });

  it("are hidden below k answers in all, and shown from two closed requests and k answers", () => {
    expect(
      shownCompletion(
        [
          { invited: 4, responded: 1, closed: true },
          { invited: 4, responded: 1, closed: true },
        ],
        3,
      ).shown,
    ).toBe(false);
    expect(
      shownCompletion(
        [
          { invited: 4, responded: 2, closed: true },
          { invited: 4, responded: 1, closed: true },
          { invited: 0, responded: 0, closed: true },
        ],
        3,
      ),
    ).toEqual({ shown: true, requests: 2, invited: 8, responded: 3, rate: 38 });
  });

  it("never count a live request (a decoy request and a team of one would make it one person's count)", () => {
    expect(
      shownCompletion(
        [
          { invited: 5, responded: 4, closed: false },
          { invited: 5, responded: 0, closed: false },
          { invited: 6, responded: 6, closed: false },
        ],
        3,
      ),
    ).toEqual({ shown: false, requests: 0, invited: 16 });
    // Two closed requests are shown; an open one beside them adds to nothing but "invited" when hidden.
    const mixed = (live: number) =>
      shownCompletion(
        [
          { invited: 4, responded: 3, closed: true },
          { invited: 4, responded: 2, closed: true },
          { invited: 5, responded: live, closed: false },
        ],
        3,
      );
    expect(mixed(0)).toEqual({ shown: true, requests: 2, invited: 8, responded: 5, rate: 63 });
    expect(mixed(4)).toEqual(mixed(0));
  });

  it("property: nothing shown moves with a live request's answers", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ invited: fc.integer({ min: 0, max: 10 }), responded: fc.nat({ max: 10 }), closed: fc.boolean() }), {
          maxLength: 6,
        }),
        fc.integer({ min: 1, max: 10 }),
        (requests, invited) => {
          const a = shownCompletion([...requests, { invited, responded: 0, closed: false }], 3);
          const b = shownCompletion([...requests, { invited, responded: invited, closed: false }], 3);
          expect(a).toEqual(b);
        },
      ),
    );
  });

  it("property: a hidden total says nothing that moves with answers", () => {
    fc.assert(
      fc.property(fc.nat({ max: 1 }), fc.integer({ min: 1, max: 30 }), fc.nat({ max: 30 }), (requests, invited, responded) => {
        const a = shownTotals({ requests, invited, responded, invitedAll: invited }, 3);
        const b = shownTotals({ requests, invited, responded: responded + 1, invitedAll: invited }, 3);
        expect(a).toEqual(b);
        expect(a.shown).toBe(false);
      }),
    );
  });
});

describe("answers a closed request's report publishes (completion totals count these)", () => {
  it("counts shown, attributed and pooled groups, and nothing of a group too small even for the pool", () => {
    const counts = (external: number) => [
      { group: "self" as const, invited: 1, responded: 1 },
      { group: "manager" as const, invited: 1, responded: 1 },
      { group: "peer" as const, invited: 4, responded: 3 },
      { group: "other" as const, invited: 1, responded: external },
    ];
    // The lone external is hidden (1 < k, the pool of 1 too): answered or not, the total is the same.
    expect(publishedResponses(counts(1), 3)).toBe(4);
    expect(publishedResponses(counts(0), 3)).toBe(4);
    // Two small groups that pool to k are published as the pool: both count.
    expect(
      publishedResponses(
        [
          { group: "direct_report", invited: 2, responded: 2 },
          { group: "other", invited: 1, responded: 1 },
        ],
        3,
      ),
    ).toBe(3);
  });

  it("never moves with an answer the report keeps back (property)", () => {
    const group = fc.constantFrom<RaterGroup>("manager", "peer", "direct_report", "other");
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ group, responded: fc.integer({ min: 0, max: 6 }) }), { selector: (c) => c.group, maxLength: 4 }),
        group,
        fc.integer({ min: 3, max: 6 }),
        (list, extra, k) => {
          const counts = list.map((c) => ({ ...c, invited: c.responded + 1 }));
          const withOne = counts.some((c) => c.group === extra)
            ? counts.map((c) => (c.group === extra ? { ...c, responded: c.responded + 1 } : c))
            : [...counts, { group: extra, invited: 1, responded: 1 }];
          const classOf = (list: typeof counts) =>
            classifyGroups(Object.fromEntries(list.filter((c) => c.responded > 0).map((c) => [c.group, c.responded])), k)[extra] ??
            "hidden";
          // An answer to a group hidden before and after (its report shows nothing of it either
          // way) moves no published total. (A lone manager's answer is attributed in the report,
          // so a second manager's answer hiding the group is the report's own change, not the total's.)
          if (classOf(counts) === "hidden" && classOf(withOne) === "hidden")
            expect(publishedResponses(withOne, k)).toBe(publishedResponses(counts, k));
          // And the total is never more than every answer.
          expect(publishedResponses(withOne, k)).toBeLessThanOrEqual(withOne.reduce((a, c) => a + c.responded, 0));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
