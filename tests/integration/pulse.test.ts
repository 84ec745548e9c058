import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { loadRequestFor } from "@/lib/auth/permissions";
import { loadPlanFor } from "@/lib/plans/access";
import { getReport } from "@/lib/reports/queries";
import type { Database } from "@/lib/db";
import * as t from "@/lib/db/schema";
import { isAppError } from "@/lib/errors";
import { completionOfCycles } from "@/lib/cycles/completion";
import { CHANGE_SCALE } from "@/lib/pulse/questionnaire";
import { sendPulseAvailableMails } from "@/lib/pulse/mail";
import { pulsePageFor, pulseState, startPulse } from "@/lib/pulse/start";
import { closeCycle, closeDueCycles, releaseReport } from "@/lib/reports/release";
import { startPersonalRequest } from "@/lib/requests/start";
import { submitNominations } from "@/lib/requests/sending";
import { exportOwnData } from "@/lib/people/privacy";
import { listOwnRequests } from "@/lib/requests/queries";
import { loadSurveyContext, submitResponse } from "@/lib/surveys/responses";
import { withDefaults } from "@/lib/surveys/schema";
import { responseSchema } from "@/lib/surveys/schema";
import { createPulseFocusAreas } from "@/tests/fixtures/pulse-plans";
import { viewerFor } from "@/tests/fixtures/viewer";
import { answeredRequest } from "../support/scenario";

const DAY = 86_400_000;
const hrActor = (organisationId: string) => ({ userId: null, organisation: { id: organisationId } });
const FOCUS = [
  { dimensionKey: "risk", pole: "leadership" as const },
  { dimensionKey: "motivation", pole: "management" as const },
];

/** A released report (manager, 3 peers, 4 of 6 direct reports, 1 external at k = 3), released `daysAgo` days ago. */
async function releasedReport(daysAgo: number, focus = FOCUS) {
  const s = await answeredRequest({ self: true, manager: true, peers: 3, reports: 4, external: 1 }, { threshold: 3, commentThreshold: 3 });
  const at = new Date(Date.now() - daysAgo * DAY);
  await closeCycle(s.db, s.org.organisation.id, s.cycle.id, at);
  expect(await releaseReport(s.db, hrActor(s.org.organisation.id), s.requestId, at)).toBe("released");
  const [request] = await s.db.select().from(t.feedbackRequests).where(eq(t.feedbackRequests.id, s.requestId));
  await createPulseFocusAreas(s.db, request!, focus);
  const ctx = () => loadRequestFor(s.subject, s.requestId, "view", s.db);
  return { ...s, ctx };
}

async function pulseCycles(db: Database, organisationId: string) {
  return db
    .select()
    .from(t.cycles)
    .where(and(eq(t.cycles.organisationId, organisationId), eq(t.cycles.kind, "pulse")));
}

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error)) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

const inDays = (n: number) => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);

describe("starting a follow-up pulse", () => {
  it("is refused before the cycle's days have passed, and changes nothing", async () => {
    const s = await releasedReport(30);
    expect((await pulseState(s.db, await s.ctx())).state).toBe("too_early");
    const error = await refusal(startPulse(s.db, await s.ctx(), s.subject, inDays(14)));
    expect(error.code).toBe("conflict");
    expect(error.message).toMatch(/opens on \d{4}-\d{2}-\d{2}, 90 days after its release/);
    expect(await pulseCycles(s.db, s.org.organisation.id)).toEqual([]);
  });

  it("follows the cycle's own days: 30 days opens it a month after release", async () => {
    const s = await releasedReport(31);
    await s.db.update(t.cycles).set({ pulseAfterDays: 30 }).where(eq(t.cycles.id, s.cycle.id));
    expect((await pulseState(s.db, await s.ctx())).state).toBe("ready");
  });

  it("needs at least one focus area", async () => {
    const s = await releasedReport(100, []);
    expect((await pulseState(s.db, await s.ctx())).state).toBe("no_focus");
    expect((await refusal(startPulse(s.db, await s.ctx(), s.subject, inDays(14)))).message).toMatch(/focus area/);
    expect(await pulseCycles(s.db, s.org.organisation.id)).toEqual([]);
  });

  it("is the subject's alone: their line manager and HR get not-found", async () => {
    const s = await releasedReport(100);
    const director = await viewerFor(s.db, s.org.organisation.id, s.org.director.user.id);
    const hr = await viewerFor(s.db, s.org.organisation.id, s.org.hr.user.id);
    for (const viewer of [director, hr]) {
      const ctx = await loadRequestFor(viewer, s.requestId, "view", s.db);
      expect((await refusal(startPulse(s.db, ctx, viewer, inDays(14)))).code).toBe("not_found");
      expect((await refusal(pulsePageFor(s.db, viewer, s.requestId))).code).toBe("not_found");
    }
    expect(await pulseCycles(s.db, s.org.organisation.id)).toEqual([]);
  });

  it("waits while another request of the subject is open", async () => {
    const s = await releasedReport(100);
    await startPersonalRequest(s.db, s.subject, inDays(10));
    expect((await pulseState(s.db, await s.ctx())).state).toBe("other_open");
    expect((await refusal(startPulse(s.db, await s.ctx(), s.subject, inDays(14)))).message).toMatch(/One feedback request runs at a time/);
    expect(await pulseCycles(s.db, s.org.organisation.id)).toEqual([]);
  });

  it("creates a pulse cycle at the original's thresholds, the focus items under the original keys, and the report's raters nominated", async () => {
    const s = await releasedReport(100);
    await s.db.update(t.cycles).set({ threshold: 4, commentThreshold: 5 }).where(eq(t.cycles.id, s.cycle.id));
    const started = await startPulse(s.db, await s.ctx(), s.subject, inDays(14));
    const [request] = await s.db.select().from(t.feedbackRequests).where(eq(t.feedbackRequests.id, started.requestId));
    expect(request!.pulseOfRequestId).toBe(s.requestId);
    expect(request!.subjectLedger).toBe((await s.ctx()).request.subjectLedger);
    const [cycle] = await pulseCycles(s.db, s.org.organisation.id);
    expect(cycle).toMatchObject({ kind: "pulse", status: "open", threshold: 4, commentThreshold: 5 });
    const original = s.cycle.questionnaire;
    expect(cycle!.questionnaire.items.map((i) => i.key)).toEqual(["risk.leadership", "motivation.management"]);
    for (const item of cycle!.questionnaire.items) expect(original.items.find((i) => i.key === item.key)).toEqual(item);
    expect(cycle!.questionnaire.scale).toEqual(CHANGE_SCALE);
    expect(cycle!.questionnaire.customItems).toEqual([]);
    // No comment per difference: a rater posting one is refused whole.
    const shape = responseSchema(cycle!.questionnaire);
    const values = withDefaults(cycle!.questionnaire, null);
    for (const key of Object.keys(values.answers)) values.answers[key] = "3";
    expect(shape.safeParse(values).success).toBe(true);
    expect(shape.safeParse({ ...values, comments: { risk: "a note" } }).success).toBe(false);
    // Every rater of the report is on the list, not yet invited.
    const nominated = await s.db.select().from(t.invitations).where(eq(t.invitations.requestId, started.requestId));
    const before = s.invitations.filter((i) => i.raterGroup !== "self");
    expect(started.carriedOver).toBe(before.length);
    expect(
      nominated
        .filter((i) => i.raterGroup !== "self")
        .map((i) => `${i.raterGroup}:${i.raterEmail}`)
        .sort(),
    ).toEqual(before.map((i) => `${i.raterGroup}:${i.raterEmail}`).sort());
    expect(nominated.filter((i) => i.raterGroup !== "self").every((i) => i.status === "nominated")).toBe(true);
    // One pulse per report.
    await s.db.update(t.feedbackRequests).set({ status: "released" }).where(eq(t.feedbackRequests.id, started.requestId));
    expect((await refusal(startPulse(s.db, await s.ctx(), s.subject, inDays(14)))).message).toMatch(/already has its pulse/);
  });

  it("keeps the original cycle's approval: the pulse's raters wait for the line manager or HR before anyone is invited", async () => {
    const s = await releasedReport(100);
    await s.db.update(t.cycles).set({ requiresApproval: true }).where(eq(t.cycles.id, s.cycle.id));
    const started = await startPulse(s.db, await s.ctx(), s.subject, inDays(14));
    const [cycle] = await pulseCycles(s.db, s.org.organisation.id);
    expect(cycle!.requiresApproval).toBe(true);
    const pulseCtx = await loadRequestFor(s.subject, started.requestId, "manage", s.db);
    await submitNominations(s.db, pulseCtx, true);
    const [request] = await s.db.select().from(t.feedbackRequests).where(eq(t.feedbackRequests.id, started.requestId));
    expect(request!.status).toBe("awaiting_approval");
    const nominated = await s.db.select().from(t.invitations).where(eq(t.invitations.requestId, started.requestId));
    const raters = nominated.filter((i) => i.raterGroup !== "self");
    expect(raters.length).toBeGreaterThan(0);
    expect(raters.every((i) => i.status === "awaiting_approval" && i.sentAt === null)).toBe(true);
  });

  it("promises its raters the k the original was released at, and every list judges its progress there", async () => {
    const s = await releasedReport(100);
    // The ledger raised the original's release to k = 4 above its cycle's 3.
    await s.db.execute(sql`update report_snapshots set data = jsonb_set(data, '{threshold}', '4') where request_id = ${s.requestId}::uuid`);
    const started = await startPulse(s.db, await s.ctx(), s.subject, inDays(14));
    const [cycle] = await pulseCycles(s.db, s.org.organisation.id);
    expect(cycle!.threshold).toBe(4);
    // Even a pulse made before that rule (at its cycle's k of 3): three of four peers answering is
    // "not yet" on the home page, as on the request page, never "enough" on one and not the other.
    await s.db.update(t.cycles).set({ threshold: 3 }).where(eq(t.cycles.id, cycle!.id));
    await s.db.update(t.invitations).set({ status: "sent", sentAt: new Date() }).where(eq(t.invitations.requestId, started.requestId));
    await s.db.update(t.feedbackRequests).set({ status: "collecting" }).where(eq(t.feedbackRequests.id, started.requestId));
    const peers = (await s.db.select().from(t.invitations).where(eq(t.invitations.requestId, started.requestId))).filter(
      (i) => i.raterGroup === "peer",
    );
    expect(peers).toHaveLength(3);
    for (const invitation of peers) {
      const ctx = (await loadSurveyContext(s.db, invitation.id))!;
      const values = withDefaults(ctx.questionnaire, null);
      for (const key of Object.keys(values.answers)) values.answers[key] = "4";
      await submitResponse(s.db, ctx, values, "first");
    }
    const listed = (await listOwnRequests(s.subject)).find((r) => r.id === started.requestId)!;
    expect(listed.progress.find((g) => g.group === "peer")).toMatchObject({ kind: "anonymous", enough: false });
  });

  it("skips approval where the original did not need it", async () => {
    const s = await releasedReport(100);
    await s.db.update(t.cycles).set({ requiresApproval: false }).where(eq(t.cycles.id, s.cycle.id));
    await startPulse(s.db, await s.ctx(), s.subject, inDays(14));
    const [cycle] = await pulseCycles(s.db, s.org.organisation.id);
    expect(cycle!.requiresApproval).toBe(false);
  });

  it("does not follow up a pulse", async () => {
    const s = await releasedReport(100);
    const started = await startPulse(s.db, await s.ctx(), s.subject, inDays(14));
    const pulseCtx = await loadRequestFor(s.subject, started.requestId, "view", s.db);
    expect((await pulseState(s.db, pulseCtx)).state).toBe("not_pulse_source");
    expect((await refusal(startPulse(s.db, pulseCtx, s.subject, inDays(14)))).code).toBe("conflict");
  });
});

describe("a pulse's result", () => {
  it("reaches k among peers and not among direct reports: the change is shown for peers and the manager only, and said plainly elsewhere", async () => {
    const s = await releasedReport(100);
    const completion = async (cycleId: string) =>
      (await completionOfCycles(s.db, s.org.organisation.id, [{ id: cycleId, threshold: 3 }])).get(cycleId)!.overall;
    const originalCompletion = await completion(s.cycle.id);
    const started = await startPulse(s.db, await s.ctx(), s.subject, inDays(14));
    expect((await pulseState(s.db, await s.ctx())).state).toBe("running");
    await s.db.update(t.invitations).set({ status: "sent", sentAt: new Date() }).where(eq(t.invitations.requestId, started.requestId));
    await s.db.update(t.feedbackRequests).set({ status: "collecting" }).where(eq(t.feedbackRequests.id, started.requestId));
    const invited = await s.db.select().from(t.invitations).where(eq(t.invitations.requestId, started.requestId));
    const pick = (group: string, n: number) => invited.filter((i) => i.raterGroup === group).slice(0, n);
    // The same three peers and the manager; one direct report only.
    for (const invitation of [...pick("manager", 1), ...pick("peer", 3), ...pick("direct_report", 1)]) {
      const ctx = (await loadSurveyContext(s.db, invitation.id))!;
      const values = withDefaults(ctx.questionnaire, null);
      for (const key of Object.keys(values.answers)) values.answers[key] = "4";
      await submitResponse(s.db, ctx, values, "first");
    }
    // The pulse's close date passes: the job runner closes it and, a person's own cycle, releases it.
    const [pulseCycle] = await pulseCycles(s.db, s.org.organisation.id);
    await s.db
      .update(t.cycles)
      .set({ opensAt: new Date(Date.now() - 2000), closesAt: new Date(Date.now() - 1000) })
      .where(eq(t.cycles.id, pulseCycle!.id));
    await closeDueCycles(s.db);
    // HR's completion figures: a pulse is one request in a cycle of its own, so its total (which
    // would be that one person's count) is never shown, and the original's does not move.
    expect(await completion(pulseCycle!.id)).toMatchObject({ shown: false });
    expect(await completion(s.cycle.id)).toEqual(originalCompletion);
    const state = await pulseState(s.db, await s.ctx());
    expect(state.state).toBe("released");
    // A pulse's own report is no ground for a plan, and it leads back to the change instead.
    expect((await refusal(loadPlanFor(s.subject, started.requestId, "edit", s.db))).code).toBe("not_found");
    expect(await getReport(s.subject, started.requestId, "page")).toMatchObject({ state: "released", pulseOf: s.requestId });
    expect(await getReport(s.subject, s.requestId, "page")).toMatchObject({ state: "released", pulseOf: null });
    // Alone, the pulse would show groups the original did not: no CSV, PDF or JSON of its own.
    for (const via of ["csv", "pdf", "json"] as const) {
      expect((await refusal(getReport(s.subject, started.requestId, via))).code).toBe("not_found");
      expect(await getReport(s.subject, s.requestId, via)).toMatchObject({ state: "released" });
    }
    // Its report names the focus areas of a private plan: the line manager and HR, who read the original, do not read it.
    const lineManager = await viewerFor(s.db, s.org.organisation.id, s.org.director.user.id);
    const hr = await viewerFor(s.db, s.org.organisation.id, s.org.hr.user.id);
    for (const reader of [lineManager, hr]) {
      expect(await getReport(reader, s.requestId, "page")).toMatchObject({ state: "released" });
      expect((await refusal(getReport(reader, started.requestId, "page"))).code).toBe("not_found");
    }
    if (state.state !== "released") return;
    expect(state.results.map((r) => r.itemKey)).toEqual(["risk.leadership", "motivation.management"]);
    // The subject's data export gives the same comparison, not the pulse on its own.
    const exported = (await exportOwnData(s.subject)).feedbackAboutYou;
    expect(exported).toHaveLength(2);
    const pulseEntry = exported.find((e) => "pulseResult" in e)!;
    expect(pulseEntry).toMatchObject({ report: null, pulseResult: JSON.parse(JSON.stringify(state.results)) });
    for (const item of state.results) {
      const row = (g: string) => item.rows.find((r) => r.group === g);
      expect(row("peer")).toMatchObject({ shown: true, before: { n: 3, mean: 4 }, change: { n: 3, mean: 4 } });
      expect(row("manager")).toMatchObject({ shown: true, before: { n: 1 }, change: { n: 1 } });
      const reports = row("direct_report")!;
      expect(reports.shown).toBe(false);
      if (!reports.shown) expect(reports.reason).not.toMatch(/\d/);
      // Only published numbers: nothing shown that is not shown in both snapshots.
      const [original] = await s.db.select().from(t.reportSnapshots).where(eq(t.reportSnapshots.requestId, s.requestId));
      const [pulse] = await s.db.select().from(t.reportSnapshots).where(eq(t.reportSnapshots.requestId, started.requestId));
      for (const r of item.rows) {
        const status = (snap: typeof original) =>
          snap!.data.items.find((i) => i.key === item.itemKey)!.cells.find((c) => c.group === r.group)?.status;
        expect(r.shown).toBe(status(original) === "shown" && status(pulse) === "shown");
      }
    }
  });
});

describe("the e-mail when a pulse becomes available", () => {
  it("goes once to a subject with focus areas, only after the cycle's days, and not once a pulse has started", async () => {
    const early = await releasedReport(30);
    const due = await releasedReport(95);
    const none = await releasedReport(95, []);
    const running = await releasedReport(95);
    await startPulse(running.db, await running.ctx(), running.subject, inDays(14));
    await sendPulseAvailableMails(due.db);
    const sentAt = async (id: string) =>
      (await due.db.select({ at: t.feedbackRequests.pulseMailSentAt }).from(t.feedbackRequests).where(eq(t.feedbackRequests.id, id)))[0]!
        .at;
    expect(await sentAt(due.requestId)).not.toBeNull();
    expect(await sentAt(early.requestId)).toBeNull();
    expect(await sentAt(none.requestId)).toBeNull();
    expect(await sentAt(running.requestId)).toBeNull();
    const first = await sentAt(due.requestId);
    await sendPulseAvailableMails(due.db, new Date(Date.now() + DAY));
    expect(await sentAt(due.requestId)).toEqual(first);
  });
});
