import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { closeCycleAsHr } from "@/lib/cycles/admin";
import { getCycleAdminPage } from "@/lib/cycles/completion";
import { listOrganisationCycles } from "@/lib/cycles/queries";
import * as t from "@/lib/db/schema";
import { getRequestPage } from "@/lib/requests/page-data";
import { listDirectReportRequests, listOwnRequests } from "@/lib/requests/queries";
import { getReport } from "@/lib/reports/queries";
import { declineInvitation, loadSurveyContext, submitResponse } from "@/lib/surveys/responses";
import { withDefaults } from "@/lib/surveys/schema";
import { viewerFor } from "@/tests/fixtures/viewer";
import { asHr } from "@/lib/auth/permissions";
import { answeredRequest } from "../support/scenario";

/**
 * Progress names nobody: what the subject, their line manager and HR are shown does not move when
 * one rater of a group under k answers or declines. On the old code, "1 of 3 peers responded"
 * became "2 of 3" (and declines were counted), so inviting one person at a time named who answered.
 */
describe("progress without identification", () => {
  async function setup() {
    // k = 3. Peers: 3 invited, 1 answered. Direct reports: 6 invited, none answered. One external.
    const s = await answeredRequest({ self: true, peers: 1 });
    const { db, org, requestId, invitations, answering } = s;
    const lineManager = await viewerFor(db, org.organisation.id, org.director.user.id);
    const hr = asHr(await viewerFor(db, org.organisation.id, org.hr.user.id));
    const waiting = (group: string) => invitations.filter((i) => i.raterGroup === group && !answering.some((a) => a.id === i.id));
    const answer = async (invitationId: string) => {
      const ctx = (await loadSurveyContext(db, invitationId))!;
      const values = withDefaults(ctx.questionnaire, null);
      for (const key of Object.keys(values.answers)) values.answers[key] = "3";
      await submitResponse(db, ctx, values, "first");
    };
    /** Everything progress-related the three of them get, as the pages get it. */
    const seen = async () => {
      const page = await getRequestPage(s.subject, requestId);
      const own = (await listOwnRequests(s.subject)).find((r) => r.id === requestId)!;
      const team = (await listDirectReportRequests(lineManager)).find((r) => r.id === requestId)!;
      const managerPage = await getRequestPage(lineManager, requestId);
      const report = await getReport(s.subject, requestId, "page");
      const cycle = (await getCycleAdminPage(hr, s.cycle.id)).subjects.find((x) => x.requestId === requestId)!;
      const cycles = (await listOrganisationCycles(hr)).find((c) => c.id === s.cycle.id)!;
      return JSON.stringify({
        subject: {
          progress: page.progress,
          nominations: page.nominations,
          preview: page.preview,
          selfDone: page.selfDone,
          open: page.open,
        },
        home: own,
        lineManager: { home: team, page: managerPage.progress },
        report: report.state === "not_released" ? report.progress : null,
        hr: cycle,
        cycles: cycles.completion,
      });
    };
    return { ...s, hr, waiting, answer, seen };
  }

  it("does not change when one rater of a group under k submits, and never shows declines", async () => {
    const { db, waiting, answer, seen } = await setup();
    const before = await seen();
    expect(before).not.toMatch(/responded|declined/);
    expect(JSON.parse(before).subject.progress).toEqual([
      { group: "self", kind: "attributed", invited: 1, done: true },
      { group: "manager", kind: "attributed", invited: 1, done: false },
      { group: "peer", kind: "anonymous", invited: 3, enough: false },
      { group: "direct_report", kind: "anonymous", invited: 6, enough: false },
      { group: "other", kind: "anonymous", invited: 1, enough: false },
    ]);

    // A second peer answers (2 of 3, k = 3): nothing anyone sees changes.
    await answer(waiting("peer")[0]!.id);
    expect(await seen()).toBe(before);

    // A direct report declines, another answers, the external answers: still nothing.
    const [declining, answering] = waiting("direct_report");
    await declineInvitation(db, (await loadSurveyContext(db, declining!.id))!, "too_busy");
    await answer(answering!.id);
    await answer(waiting("other")[0]!.id);
    expect(await seen()).toBe(before);

    // The third peer brings peers to k: now, and only now, the peer group says so.
    await answer(waiting("peer")[1]!.id);
    const after = JSON.parse(await seen());
    expect(after.subject.progress.find((p: { group: string }) => p.group === "peer")).toEqual({
      group: "peer",
      kind: "anonymous",
      invited: 3,
      enough: true,
    });
    expect(JSON.stringify(after)).not.toMatch(/responded|declined/);
  });

  it("after close, a lone external who answered shows 'not enough', not '1 of 1', and no decline is kept", async () => {
    const { db, hr, cycle, requestId, subject, waiting, answer } = await setup();
    await answer(waiting("other")[0]!.id);
    const decliner = waiting("direct_report")[0]!;
    await declineInvitation(db, (await loadSurveyContext(db, decliner.id))!, undefined);
    await closeCycleAsHr(db, hr, cycle.id);

    const [request] = await db.select().from(t.feedbackRequests).where(eq(t.feedbackRequests.id, requestId));
    expect(request!.finalProgress!.every((p) => p.declined === 0)).toBe(true);

    const page = await getRequestPage(subject, requestId);
    expect(page.progress.find((p) => p.group === "other")).toEqual({ group: "other", kind: "anonymous", invited: 1, enough: false });
    const own = (await listOwnRequests(subject)).find((r) => r.id === requestId)!;
    expect(JSON.stringify(own.progress)).not.toMatch(/responded|declined/);
  });
});
