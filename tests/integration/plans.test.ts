import { listAudit } from "@/lib/audit";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Viewer } from "@/lib/auth/viewer";
import { getDb, type Database } from "@/lib/db";
import * as t from "@/lib/db/schema";
import { resetEnvCache } from "@/lib/env";
import { runJobsOnce } from "@/lib/jobs/run";
import { loadPlanFor } from "@/lib/plans/access";
import { planCounts } from "@/lib/plans/counts";
import { addAction, readPlan, setActionStatus, setFocusAreas } from "@/lib/plans/plans";
import { getCoachPlanPage, getPlanPage } from "@/lib/plans/queries";
import { sendPlanReminders } from "@/lib/plans/reminders";
import { shareWithCoach, shareWithLineManager, withdrawShare } from "@/lib/plans/sharing";
import { asHr } from "@/lib/auth/permissions";
import { erasePerson, exportOwnData } from "@/lib/people/privacy";
import { setPersonActive } from "@/lib/people/admin";
import { ensureRequest } from "@/lib/requests/start";
import { closeCycle, releaseCycle } from "@/lib/reports/release";
import { createCycle, createOrganisation, createPerson, createSmallOrganisation } from "@/tests/fixtures/factories";
import { answerCycle } from "@/tests/fixtures/requests";
import { viewerFor } from "@/tests/fixtures/viewer";
import { startSmtpCatcher, type SmtpCatcher } from "../support/smtp-catcher";

let smtp: SmtpCatcher;
beforeAll(async () => {
  smtp = await startSmtpCatcher();
  process.env.SMTP_URL = `smtp://127.0.0.1:${smtp.port}`;
  resetEnvCache();
});
afterAll(async () => {
  await smtp.close();
});
beforeEach(() => {
  smtp.clear();
  smtp.refuse = false;
});

/** A released report for the small organisation's manager, and everyone who might try to read their plan. */
async function releasedPlanScenario() {
  const db: Database = await getDb();
  const a = await createSmallOrganisation(db);
  const orgId = a.organisation.id;
  const cycle = await createCycle(db, orgId, { name: "Spring cycle" });
  const requestId = await ensureRequest(db, orgId, cycle.id, a.manager);
  await answerCycle(db, cycle.id);
  await closeCycle(db, orgId, cycle.id);
  await releaseCycle(db, { userId: null, organisation: { id: orgId } }, cycle.id);
  const b = await createOrganisation(db, "Elsewhere Ltd");
  const otherHr = await createPerson(db, b.id, { name: "Oona Otherhr", roles: ["hr"] });
  const as = (orgId: string, userId: string) => viewerFor(db, orgId, userId);
  return {
    db,
    orgId,
    requestId,
    subject: await as(orgId, a.manager.user.id),
    lineManager: await as(orgId, a.director.user.id),
    hr: await as(orgId, a.hr.user.id),
    otherManager: await as(orgId, a.peers[1]!.user.id),
    report: await as(orgId, a.reports[0]!.user.id),
    otherHr: await as(b.id, otherHr.user.id),
  };
}

async function expectNotFound(p: Promise<unknown>) {
  await expect(p).rejects.toMatchObject({ code: "not_found" });
}

async function startedPlan(s: Awaited<ReturnType<typeof releasedPlanScenario>>) {
  await setFocusAreas(s.db, await loadPlanFor(s.subject, s.requestId, "edit", s.db), s.subject, [
    "risk.leadership",
    "motivation.management",
  ]);
  const ctx = await loadPlanFor(s.subject, s.requestId, "edit", s.db);
  const view = await readPlan(s.db, ctx);
  return { ctx, view };
}

describe("development plans: private by default", () => {
  it("only the subject reads or changes a plan; everyone else gets not-found, plan or no plan", async () => {
    const s = await releasedPlanScenario();
    const outsiders: Viewer[] = [s.lineManager, s.hr, s.otherManager, s.report, s.otherHr];
    // Before a plan exists and after: the same answer, so nobody learns whether there is one.
    for (const v of outsiders) await expectNotFound(loadPlanFor(v, s.requestId, "read", s.db));
    await startedPlan(s);
    for (const v of outsiders) {
      await expectNotFound(loadPlanFor(v, s.requestId, "read", s.db));
      await expectNotFound(loadPlanFor(v, s.requestId, "edit", s.db));
      await expectNotFound(getPlanPage(v, s.requestId));
    }
    expect((await loadPlanFor(s.subject, s.requestId, "edit", s.db)).reader).toBe("subject");
    await expectNotFound(loadPlanFor(s.subject, "not-a-uuid", "read", s.db));
  });

  it("a plan grows only from a released report", async () => {
    const db = await getDb();
    const a = await createSmallOrganisation(db);
    const cycle = await createCycle(db, a.organisation.id, { name: "Open cycle" });
    const requestId = await ensureRequest(db, a.organisation.id, cycle.id, a.manager);
    const subject = await viewerFor(db, a.organisation.id, a.manager.user.id);
    await expectNotFound(loadPlanFor(subject, requestId, "read", db));
  });

  it("keeps 1-3 focus areas from the report, with the report's own figures, and rejects others", async () => {
    const s = await releasedPlanScenario();
    const { ctx, view } = await startedPlan(s);
    expect(view.focus.map((f) => `${f.evidence.dimensionKey}.${f.evidence.pole}`)).toEqual(["risk.leadership", "motivation.management"]);
    for (const f of view.focus) {
      const item = ctx.snapshot.items.find((i) => i.key === `${f.evidence.dimensionKey}.${f.evidence.pole}`)!;
      const others = item.cells.find((c) => c.group === "others")!;
      expect(f.evidence.others).toEqual(others.status === "shown" ? { mean: others.mean, n: others.n } : null);
    }
    await expect(setFocusAreas(s.db, ctx, s.subject, ["nonsense.leadership"])).rejects.toMatchObject({ code: "invalid_input" });
    // Dropping an area takes its actions with it; the history keeps every step, dated.
    const riskId = view.focus[0]!.id;
    await addAction(s.db, ctx, s.subject, { focusAreaId: riskId, what: "Run one small experiment", dueOn: "2027-01-15", helper: null });
    await setFocusAreas(s.db, ctx, s.subject, ["motivation.management"]);
    const after = await readPlan(s.db, ctx);
    expect(after.focus).toHaveLength(1);
    expect(after.focus[0]!.position).toBe(1);
    expect(after.history.map((h) => h.text)).toEqual([
      "Chose the focus areas: Motivation and oversight: oversees the work",
      "Added an action to Taking and managing risk: takes calculated risks: Run one small experiment (by 15 January 2027)",
      "Chose the focus areas: Taking and managing risk: takes calculated risks; Motivation and oversight: oversees the work",
      "Started the plan",
    ]);
    expect(after.history.every((h) => h.at instanceof Date)).toBe(true);
  });

  it("records every status change with its date", async () => {
    const s = await releasedPlanScenario();
    const { ctx, view } = await startedPlan(s);
    const actionId = await addAction(s.db, ctx, s.subject, {
      focusAreaId: view.focus[1]!.id,
      what: "Weekly check-ins",
      dueOn: null,
      helper: "Dana",
    });
    await setActionStatus(s.db, ctx, s.subject, actionId, "doing");
    await setActionStatus(s.db, ctx, s.subject, actionId, "doing"); // no change, no entry
    await setActionStatus(s.db, ctx, s.subject, actionId, "done");
    const after = await readPlan(s.db, ctx);
    expect(after.focus[1]!.actions[0]).toMatchObject({ what: "Weekly check-ins", status: "done", helper: "Dana" });
    expect(after.history.slice(0, 2).map((h) => h.text)).toEqual([
      'Moved "Weekly check-ins" from doing to done',
      'Moved "Weekly check-ins" from planned to doing',
    ]);
  });
});

describe("sharing by choice", () => {
  it("the frozen line manager reads it once shared (audited), and gets not-found at once after withdrawal", async () => {
    const s = await releasedPlanScenario();
    const { ctx } = await startedPlan(s);
    const shareId = await shareWithLineManager(s.db, ctx, s.subject);
    const page = await getPlanPage(s.lineManager, s.requestId);
    expect(page.reader).toBe("line_manager");
    expect(page.view.focus).toHaveLength(2);
    expect(page.view.shares).toEqual([]); // who else it is shared with is the subject's business
    expect(page.view.history.some((h) => h.text.startsWith("Shared"))).toBe(false);
    await expectNotFound(loadPlanFor(s.lineManager, s.requestId, "edit", s.db));
    // Sharing with the line manager opens nothing to HR or anyone else.
    for (const v of [s.hr, s.otherManager, s.report, s.otherHr]) await expectNotFound(loadPlanFor(v, s.requestId, "read", s.db));

    await withdrawShare(s.db, ctx, s.subject, shareId);
    await expectNotFound(getPlanPage(s.lineManager, s.requestId));
    const audit = await s.db
      .select({ action: t.auditLog.action, details: t.auditLog.details })
      .from(t.auditLog)
      .where(and(eq(t.auditLog.organisationId, s.orgId), eq(t.auditLog.targetId, ctx.plan!.id)));
    expect(audit.map((a) => a.action)).toEqual(["plan.shared", "plan.viewed", "plan.share_withdrawn"]);
    expect(audit.every((a) => Object.keys(a.details).every((k) => ["audience", "via"].includes(k)))).toBe(true);
    // HR's audit log shows that plans were shared and read, never by whom: that would say whose plan exists.
    const hrLog = (await listAudit(asHr(s.hr))).entries.filter((e) => e.action.startsWith("plan."));
    expect(hrLog).toHaveLength(3);
    expect(hrLog.every((e) => e.actor === null && e.actorWithheld)).toBe(true);
    expect(JSON.stringify(hrLog)).not.toMatch(/@/);
    const history = (await readPlan(s.db, ctx)).history.map((h) => h.text);
    expect(history.slice(0, 2)).toEqual(["Stopped sharing the plan with Dana Director", "Shared the plan with Dana Director"]);
  });

  it("a coach gets an e-mailed link (hashed at rest) that works until withdrawn, then says only 'no longer shared'", async () => {
    const s = await releasedPlanScenario();
    const { ctx } = await startedPlan(s);
    const shareId = await shareWithCoach(s.db, ctx, s.subject, { coachName: "Cora Coach", coachEmail: "cora@coach.test" });
    const mail = await smtp.waitFor((m) => m.to.includes("cora@coach.test"));
    const token = /\/plan-link\/([A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
    const [row] = await s.db.select().from(t.planShares).where(eq(t.planShares.id, shareId));
    expect(row!.tokenHash).not.toContain(token);
    expect(JSON.stringify(row)).not.toContain(token);

    const page = await getCoachPlanPage(token);
    expect(page).toMatchObject({ state: "shared", subjectName: expect.any(String), coachName: "Cora Coach" });
    expect(page.state === "shared" && page.view.focus).toHaveLength(2);
    expect(await getCoachPlanPage("x".repeat(43))).toEqual({ state: "gone" });

    await withdrawShare(s.db, ctx, s.subject, shareId);
    expect(await getCoachPlanPage(token)).toEqual({ state: "gone" });
    const views = await s.db
      .select()
      .from(t.auditLog)
      .where(and(eq(t.auditLog.targetId, ctx.plan!.id), eq(t.auditLog.action, "plan.viewed")));
    expect(views.map((v) => v.details)).toEqual([{ via: "coach" }]);
  });

  it("an expired coach link is gone too, and a failed e-mail leaves nothing shared", async () => {
    const s = await releasedPlanScenario();
    const { ctx } = await startedPlan(s);
    await shareWithCoach(
      s.db,
      ctx,
      s.subject,
      { coachName: "Cora Coach", coachEmail: "cora@coach.test" },
      new Date("2020-01-01T00:00:00Z"),
    );
    const mail = await smtp.waitFor((m) => m.to.includes("cora@coach.test"));
    const token = /\/plan-link\/([A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
    expect(await getCoachPlanPage(token)).toEqual({ state: "gone" });

    smtp.refuse = true;
    await expect(shareWithCoach(s.db, ctx, s.subject, { coachName: "Cid", coachEmail: "cid@coach.test" })).rejects.toMatchObject({
      code: "unavailable",
    });
    const standing = await s.db
      .select()
      .from(t.planShares)
      .where(and(eq(t.planShares.planId, ctx.plan!.id), eq(t.planShares.coachEmail, "cid@coach.test")));
    expect(standing.every((r) => r.withdrawnAt !== null)).toBe(true);
  });

  it("a plan cannot be used to send mail to any number of coaches", async () => {
    const s = await releasedPlanScenario();
    const { ctx } = await startedPlan(s);
    for (let i = 0; i < 3; i++) await shareWithCoach(s.db, ctx, s.subject, { coachName: `Coach ${i}`, coachEmail: `c${i}@coach.test` });
    await expect(shareWithCoach(s.db, ctx, s.subject, { coachName: "Fourth", coachEmail: "c4@coach.test" })).rejects.toMatchObject({
      code: "conflict",
    });
    expect(smtp.messages.filter((m) => m.to.includes("c4@coach.test"))).toHaveLength(0);
  });

  it("HR sees counts per team only under the team-size rule", async () => {
    const s = await releasedPlanScenario();
    await startedPlan(s);
    const counts = await planCounts(asHr(s.hr));
    // One released report in the organisation: no team reaches k, so no count is shown at all.
    expect(counts.rows).toEqual([]);
  });
});

describe("plan counts for HR", () => {
  it("show a team only where k have a plan and k have not, by the team frozen on each report, counting reports out 30 days", async () => {
    const db: Database = await getDb();
    const a = await createSmallOrganisation(db);
    const orgId = a.organisation.id;
    const extra = [];
    for (const name of ["Rene Report", "Rory Report"])
      extra.push(await createPerson(db, orgId, { name, teamId: a.team.id, lineManagerId: a.manager.id }));
    const platform = [a.manager, ...a.reports, ...extra]; // six people in Platform
    const cycle = await createCycle(db, orgId, { name: "Team cycle" });
    for (const person of platform) await ensureRequest(db, orgId, cycle.id, person);
    await answerCycle(db, cycle.id);
    await closeCycle(db, orgId, cycle.id);
    await releaseCycle(db, { userId: null, organisation: { id: orgId } }, cycle.id);
    const released = await db.select().from(t.feedbackRequests).where(eq(t.feedbackRequests.cycleId, cycle.id));
    expect(released.filter((r) => r.status === "released")).toHaveLength(6);
    const hr = asHr(await viewerFor(db, orgId, a.hr.user.id));
    const planFor = async (person: (typeof platform)[number]) => {
      const viewer = await viewerFor(db, orgId, person.user.id);
      const request = released.find((r) => r.subjectPersonId === person.id)!;
      await setFocusAreas(db, await loadPlanFor(viewer, request.id, "edit", db), viewer, ["risk.leadership"]);
    };
    await planFor(platform[1]!);
    await planFor(platform[2]!);
    await planFor(platform[3]!);
    // Released today: nobody has had time to make a plan, so nothing counts yet.
    expect((await planCounts(hr)).rows).toEqual([]);
    const later = new Date(Date.now() + 31 * 86_400_000);
    const shown = await planCounts(hr, later);
    expect(shown.rows).toEqual([{ teamId: a.team.id, teamName: "Platform", people: 6, plans: 3 }]);
    // HR moves a planner to a team of their own and renames Platform: the same answer.
    const [solo] = await db.insert(t.teams).values({ organisationId: orgId, name: "Solo" }).returning();
    await db.update(t.people).set({ teamId: solo!.id }).where(eq(t.people.id, platform[1]!.id));
    expect(await planCounts(hr, later)).toEqual(shown);
    // A fourth plan leaves two people without one: under k, so the team is not shown at all.
    await planFor(platform[4]!);
    expect(await planCounts(hr, later)).toMatchObject({ rows: [], withheldTeams: 1 });
  });
});

describe("plan reminders", () => {
  it("e-mails the subject once for an action falling due, retrying after a failed send, never for a done one", async () => {
    const s = await releasedPlanScenario();
    const { ctx, view } = await startedPlan(s);
    const now = new Date("2027-03-10T09:00:00Z");
    await addAction(s.db, ctx, s.subject, { focusAreaId: view.focus[0]!.id, what: "Soon", dueOn: "2027-03-12", helper: null });
    await addAction(s.db, ctx, s.subject, { focusAreaId: view.focus[0]!.id, what: "Later", dueOn: "2027-06-01", helper: null });
    const doneId = await addAction(s.db, ctx, s.subject, {
      focusAreaId: view.focus[0]!.id,
      what: "Done",
      dueOn: "2027-03-11",
      helper: null,
    });
    await setActionStatus(s.db, ctx, s.subject, doneId, "done");

    smtp.refuse = true;
    expect(await sendPlanReminders(s.db, now)).toBe(0);
    smtp.refuse = false;
    expect((await runJobsOnce(now)).planRemindersSent).toBe(1);
    expect(await sendPlanReminders(s.db, now)).toBe(0);
    const mails = smtp.messages.filter((m) => m.subject.startsWith("An action in your development plan"));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain(`/reports/${s.requestId}/plan`);
    // Nothing of the plan or the report in the e-mail.
    expect(mails[0]!.text).not.toContain("Soon");
  });
});

describe("plans and the person's own rights", () => {
  it("the data export holds the subject's plan: focus areas, actions, shares and history", async () => {
    const s = await releasedPlanScenario();
    const { ctx, view } = await startedPlan(s);
    await addAction(s.db, ctx, s.subject, {
      focusAreaId: view.focus[0]!.id,
      what: "Ask the team for one risk a month",
      dueOn: null,
      helper: "Dana",
    });
    await shareWithLineManager(s.db, await loadPlanFor(s.subject, s.requestId, "edit", s.db), s.subject);
    const data = await exportOwnData(s.subject);
    expect(data.developmentPlans).toHaveLength(1);
    const [plan] = data.developmentPlans;
    expect(plan!.focusAreas.map((f) => f.difference)).toHaveLength(2);
    expect(plan!.focusAreas[0]!.actions).toEqual([
      { what: "Ask the team for one risk a month", dueOn: null, whoCanHelp: "Dana", status: "planned" },
    ]);
    expect(plan!.sharedWith).toMatchObject([{ audience: "line_manager", withdrawnAt: null }]);
    expect(plan!.history.map((h) => h.text)).toContain("Started the plan");
    // Another person's export holds none of it.
    expect((await exportOwnData(s.lineManager)).developmentPlans).toEqual([]);
  });

  it("erasing the subject deletes their plan, and their coach's link dies with it", async () => {
    const s = await releasedPlanScenario();
    const { ctx } = await startedPlan(s);
    await shareWithCoach(s.db, ctx, s.subject, { coachName: "Cora Coach", coachEmail: "cora@coach.test" });
    const mail = await smtp.waitFor((m) => m.to.includes("cora@coach.test"));
    const token = /\/plan-link\/([A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
    expect((await getCoachPlanPage(token)).state).toBe("shared");
    await erasePerson(s.db, asHr(s.hr), s.subject.person!.id);
    expect(await getCoachPlanPage(token)).toEqual({ state: "gone" });
    const planId = ctx.plan!.id;
    for (const table of [t.planFocusAreas, t.planActions, t.planEvents, t.planShares]) {
      expect(await s.db.select().from(table).where(eq(table.planId, planId))).toEqual([]);
    }
    expect(await s.db.select().from(t.developmentPlans).where(eq(t.developmentPlans.id, planId))).toEqual([]);
  });

  it("a subject who leaves (deactivated) takes their plan with them: the coach's link says only 'no longer shared'", async () => {
    const s = await releasedPlanScenario();
    const { ctx } = await startedPlan(s);
    await shareWithCoach(s.db, ctx, s.subject, { coachName: "Cora Coach", coachEmail: "cora@coach.test" });
    const mail = await smtp.waitFor((m) => m.to.includes("cora@coach.test"));
    const token = /\/plan-link\/([A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
    await s.db.update(t.people).set({ active: false }).where(eq(t.people.id, s.subject.person!.id));
    expect(await getCoachPlanPage(token)).toEqual({ state: "gone" });
  });

  it("a subject who leaves takes their plan from their line manager too: not-found, as for a plan never shared", async () => {
    const s = await releasedPlanScenario();
    const { ctx } = await startedPlan(s);
    await shareWithLineManager(s.db, ctx, s.subject);
    expect((await getPlanPage(s.lineManager, s.requestId)).reader).toBe("line_manager");
    await s.db.update(t.people).set({ active: false }).where(eq(t.people.id, s.subject.person!.id));
    await expectNotFound(getPlanPage(s.lineManager, s.requestId));
  });

  it("deactivating the subject stops every share for good: reactivating them revives no link and no reader", async () => {
    const s = await releasedPlanScenario();
    const { ctx } = await startedPlan(s);
    await shareWithLineManager(s.db, ctx, s.subject);
    await shareWithCoach(s.db, ctx, s.subject, { coachName: "Cora Coach", coachEmail: "cora@coach.test" });
    const mail = await smtp.waitFor((m) => m.to.includes("cora@coach.test"));
    const token = /\/plan-link\/([A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
    await setPersonActive(s.db, asHr(s.hr), s.subject.person!.id, false);
    await setPersonActive(s.db, asHr(s.hr), s.subject.person!.id, true);
    expect(await getCoachPlanPage(token)).toEqual({ state: "gone" });
    await expectNotFound(getPlanPage(s.lineManager, s.requestId));
    const shares = await s.db.select().from(t.planShares).where(eq(t.planShares.planId, ctx.plan!.id));
    expect(shares.every((x) => x.withdrawnAt !== null)).toBe(true);
  });

  it("erasing the line manager or a coach stops their shares and takes their name out of the plan's history", async () => {
    const s = await releasedPlanScenario();
    const { ctx } = await startedPlan(s);
    await shareWithLineManager(s.db, ctx, s.subject);
    const managerName = s.lineManager.person!.name;
    // The coach is someone in the directory, shared with by their e-mail address.
    const coach = s.report.person!;
    await shareWithCoach(s.db, ctx, s.subject, { coachName: "My mentor", coachEmail: coach.email.toUpperCase() });
    await erasePerson(s.db, asHr(s.hr), s.lineManager.person!.id);
    await erasePerson(s.db, asHr(s.hr), coach.id);
    const shares = await s.db.select().from(t.planShares).where(eq(t.planShares.planId, ctx.plan!.id));
    expect(shares).toHaveLength(2);
    expect(shares.every((x) => x.withdrawnAt !== null)).toBe(true);
    const stored =
      JSON.stringify(await s.db.select().from(t.planEvents).where(eq(t.planEvents.planId, ctx.plan!.id))) + JSON.stringify(shares);
    expect(stored).not.toContain(managerName);
    expect(stored.toLowerCase()).not.toContain(coach.email.toLowerCase());
    expect(stored).not.toContain("My mentor");
    const page = await getPlanPage(s.subject, s.requestId);
    expect(page.view.history.map((h) => h.text)).toEqual(expect.arrayContaining(["Shared the plan with Erased person"]));
  });
});
