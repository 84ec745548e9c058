import { and, eq, isNotNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { asHr } from "@/lib/auth/permissions";
import { closeCycleAsHr, launchCycle, saveDraftCycle } from "@/lib/cycles/admin";
import { completionOfCycles, getCycleAdminPage } from "@/lib/cycles/completion";
import { listCycles, listOrganisationCycles } from "@/lib/cycles/queries";
import { getDb } from "@/lib/db";
import * as t from "@/lib/db/schema";
import { completionFigure } from "@/lib/report/progress";
import { createCycle, createRequest, createSmallOrganisation } from "@/tests/fixtures/factories";
import { answerCycle } from "@/tests/fixtures/requests";
import { viewerFor } from "@/tests/fixtures/viewer";
import { cycleForm } from "@/tests/fixtures/cycle-form";

const form = (name: string) => cycleForm({ name });

/**
 * One source for completion figures (issue 21: the HR home and the cycles list said "14 of 37"
 * where the cycle page said "24 of 37"). Every screen's figure is read here as its page reads it,
 * and checked against a count written out independently from the frozen rows.
 */
describe("completion figures", () => {
  it("are the same on the HR home, the cycles list and the cycle page, open or closed, and only HR gets them", async () => {
    const db = await getDb();
    const s = await createSmallOrganisation(db);
    const hr = asHr(await viewerFor(db, s.organisation.id, s.hr.user.id));
    const closed = await saveDraftCycle(db, hr, form("Closed one"));
    await launchCycle(db, hr, closed);
    await answerCycle(db, closed);
    await closeCycleAsHr(db, hr, closed);
    const open = await saveDraftCycle(db, hr, form("Still open"));
    await launchCycle(db, hr, open);
    await answerCycle(db, open);

    // Independently: raters other than self, from the counts frozen at close.
    const frozen = await db
      .select({ progress: t.feedbackRequests.finalProgress })
      .from(t.feedbackRequests)
      .where(and(eq(t.feedbackRequests.cycleId, closed), isNotNull(t.feedbackRequests.finalProgress)));
    const others = frozen.flatMap((r) => r.progress!.filter((p) => p.group !== "self"));
    const invited = others.reduce((a, p) => a + p.invited, 0);
    const responded = others.reduce((a, p) => a + p.responded, 0);
    expect(frozen.length).toBeGreaterThanOrEqual(2);
    expect(responded).toBeGreaterThanOrEqual(3);

    const list = await listOrganisationCycles(hr); // the HR home and the cycles list both read this
    for (const cycleId of [closed, open]) {
      const page = await getCycleAdminPage(hr, cycleId);
      const listed = list.find((c) => c.id === cycleId)!;
      expect(listed.completion).toEqual(page.overall);
      expect(completionFigure(listed.completion)).toBe(completionFigure(page.overall));
      expect((await completionOfCycles(db, s.organisation.id, [{ id: cycleId, threshold: 3 }])).get(cycleId)!.overall).toEqual(
        page.overall,
      );
      // The team rows add up to the cycle's invitations.
      expect(page.teams.reduce((a, row) => a + row.completion.invited, 0)).toBe(page.overall.invited);
    }
    const closedFigure = list.find((c) => c.id === closed)!.completion;
    expect(closedFigure).toEqual({
      shown: true,
      requests: frozen.length,
      invited,
      responded,
      rate: Math.round((responded / invited) * 100),
    });
    // Answers to requests still open are not counted anywhere (a live count names who just answered).
    expect(list.find((c) => c.id === open)!.completion.shown).toBe(false);

    // A person being rated sees their cycles, but no totals over other people's requests.
    const subject = await viewerFor(db, s.organisation.id, s.manager.user.id);
    const theirs = await listCycles(subject);
    expect(theirs.map((c) => c.id).sort()).toEqual([closed, open].sort());
    for (const c of theirs) expect(c).not.toHaveProperty("completion");
  }, 120_000);

  it("count no answer a report keeps back: a lone rater under k cannot be found by subtracting totals", async () => {
    // Two closed requests in one team and a third alone in another: the cycle's total minus the
    // first team's total would be the third request's count, lone external included.
    const db = await getDb();
    const s = await createSmallOrganisation(db);
    const figures = async (externalAnswered: 0 | 1) => {
      const cycle = await createCycle(db, s.organisation.id, { status: "closed", closedAt: new Date() });
      const progress = (other: number) => [
        { group: "self" as const, invited: 1, responded: 1, declined: 0 },
        { group: "peer" as const, invited: 4, responded: 3, declined: 0 },
        { group: "direct_report" as const, invited: 3, responded: 3, declined: 0 },
        { group: "other" as const, invited: 1, responded: other, declined: 0 },
      ];
      for (const [i, subject] of [s.manager, s.director, s.peers[0]!].entries()) {
        const request = await createRequest(db, s.organisation.id, cycle.id, subject.id, "closed");
        await db
          .update(t.feedbackRequests)
          .set({ finalProgress: progress(i === 2 ? externalAnswered : 0) })
          .where(eq(t.feedbackRequests.id, request.id));
      }
      return (await completionOfCycles(db, s.organisation.id, [{ id: cycle.id, threshold: 3 }])).get(cycle.id)!;
    };
    const answered = await figures(1);
    const notAnswered = await figures(0);
    expect(answered.overall).toMatchObject({ shown: true, responded: 18 });
    // Whether the lone external answered moves no figure, overall or per team.
    expect(answered).toEqual(notAnswered);
  });
});
