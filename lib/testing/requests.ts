import { eq } from "drizzle-orm";
import { loadRequestFor } from "@/lib/auth/permissions";
import type { Database } from "@/lib/db";
import * as t from "@/lib/db/schema";
import { nominateExternal, nominatePerson } from "@/lib/requests/nominations";
import { ensureRequest } from "@/lib/requests/start";
import { loadSurveyContext, submitResponse } from "@/lib/surveys/responses";
import { withDefaults } from "@/lib/surveys/schema";
import { createCycle, createPerson, createSmallOrganisation } from "./factories";
import { viewerFor } from "./viewer";

/**
 * An organisation with an open cycle and the manager's feedback request, with raters nominated
 * but not yet invited: line manager, three peers, three direct reports and one external rater.
 */
export async function requestWithNominations(db: Database, cycleOptions: Partial<typeof t.cycles.$inferInsert> = {}) {
  const org = await createSmallOrganisation(db);
  const cycle = await createCycle(db, org.organisation.id, cycleOptions);
  const requestId = await ensureRequest(db, org.organisation.id, cycle.id, org.manager);
  const subject = await viewerFor(db, org.organisation.id, org.manager.user.id);
  const context = () => loadRequestFor(subject, requestId, "manage", db);
  await nominatePerson(db, await context(), { personId: org.director.id, group: "manager" });
  for (const p of org.peers.slice(1, 4)) await nominatePerson(db, await context(), { personId: p.id, group: "peer" });
  for (const p of org.reports) await nominatePerson(db, await context(), { personId: p.id, group: "direct_report" });
  await nominateExternal(db, await context(), { name: "Erin External", email: `erin.${org.organisation.suffix}@partner.test` });
  return { db, org, cycle, requestId, subject, context };
}

export interface AnswerPlan {
  self?: boolean;
  manager?: boolean;
  peers?: number;
  reports?: number;
  external?: number;
  /** Every item gets this score (default 4). */
  score?: number;
}

/**
 * A request whose raters have answered through the real survey code: `plan` says who responds.
 * Three extra direct reports are added so up to six can answer.
 */
export async function createAnsweredRequest(db: Database, plan: AnswerPlan, cycleOptions: Partial<typeof t.cycles.$inferInsert> = {}) {
  const setup = await requestWithNominations(db, cycleOptions);
  const { org, requestId, context } = setup;
  for (let i = 0; i < 3; i++) {
    const extra = await createPerson(db, org.organisation.id, { name: `Extra Report ${i}`, lineManagerId: org.manager.id });
    await nominatePerson(db, await context(), { personId: extra.id, group: "direct_report" });
  }
  await db.update(t.invitations).set({ status: "sent", sentAt: new Date() }).where(eq(t.invitations.requestId, requestId));
  await db.update(t.feedbackRequests).set({ status: "collecting" }).where(eq(t.feedbackRequests.id, requestId));
  const all = await db.select().from(t.invitations).where(eq(t.invitations.requestId, requestId));
  const pick = (group: string, n: number) => all.filter((i) => i.raterGroup === group).slice(0, n);
  const answering = [
    ...(plan.self ? pick("self", 1) : []),
    ...(plan.manager ? pick("manager", 1) : []),
    ...pick("peer", plan.peers ?? 0),
    ...pick("direct_report", plan.reports ?? 0),
    ...pick("other", plan.external ?? 0),
  ];
  for (const invitation of answering) {
    const ctx = (await loadSurveyContext(db, invitation.id))!;
    const values = withDefaults(ctx.questionnaire, null);
    for (const key of Object.keys(values.answers)) values.answers[key] = String(plan.score ?? 4) as "4";
    values.develop = `Develop note from a ${invitation.raterGroup}`;
    await submitResponse(db, ctx, values, "first");
  }
  return { ...setup, invitations: all, answering };
}

/**
 * Play every subject and rater of a launched cycle: each subject nominates their line manager,
 * direct reports and peers (through the real nomination code) and every rater answers, with
 * scores that differ by person and item so dashboards have something to show.
 */
export async function answerCycle(db: Database, cycleId: string) {
  const { submitNominations } = await import("@/lib/requests/sending");
  const { suggestRaters } = await import("@/lib/requests/nominations");
  const requests = await db
    .select({ id: t.feedbackRequests.id, organisationId: t.feedbackRequests.organisationId, subjectId: t.feedbackRequests.subjectPersonId })
    .from(t.feedbackRequests)
    .where(eq(t.feedbackRequests.cycleId, cycleId));
  let answered = 0;
  for (const r of requests) {
    const [subject] = await db.select().from(t.people).where(eq(t.people.id, r.subjectId));
    const viewer = await viewerFor(db, r.organisationId, subject!.userId!);
    const context = () => loadRequestFor(viewer, r.id, "manage", db);
    for (const s of await suggestRaters(db, await context())) {
      if (!s.nominated) await nominatePerson(db, await context(), { personId: s.personId, group: s.group }).catch(() => undefined);
    }
    await submitNominations(db, await context(), true).catch(() => undefined);
    const invitations = await db.select().from(t.invitations).where(eq(t.invitations.requestId, r.id));
    for (const [i, invitation] of invitations.entries()) {
      const ctx = await loadSurveyContext(db, invitation.id);
      if (!ctx) continue;
      const values = withDefaults(ctx.questionnaire, null);
      Object.keys(values.answers).forEach((key, j) => {
        values.answers[key] = String(1 + ((i + j + subject!.name.length) % 5)) as "1";
      });
      values.keep_doing = "Keep sharing the plan early.";
      await submitResponse(db, ctx, values, "first");
      answered++;
    }
  }
  return { requests: requests.length, answered };
}
