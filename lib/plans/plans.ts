import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import type { Viewer } from "@/lib/auth/viewer";
import type { Executor } from "@/lib/db";
import { developmentPlans, people, planActions, planEvents, planFocusAreas, planShares } from "@/lib/db/schema";
import { AppError, notFound } from "@/lib/errors";
import type { Pole } from "@/lib/framework";
import { formatDate } from "@/lib/format";
import { focusEvidence, type FocusEvidence } from "@/lib/report/focus";
import type { ReportSnapshot } from "@/lib/report/types";
import type { PlanContext, PlanReader } from "./access";
import type { ActionStatus } from "./schemas";

/**
 * A development plan: reading it whole, and every change to it. Each change writes a dated
 * plan_events row in the same transaction, which the plan page shows as the plan's history.
 * Callers have been through loadPlanFor (access.ts) with the need the change asks for.
 */

export interface PlanAction {
  id: string;
  what: string;
  dueOn: string | null;
  helper: string | null;
  status: ActionStatus;
}

export interface PlanFocus {
  id: string;
  position: number;
  note: string | null;
  evidence: FocusEvidence;
  actions: PlanAction[];
}

export interface PlanHistoryEntry {
  at: Date;
  text: string;
}

export interface PlanShareView {
  id: string;
  audience: "line_manager" | "coach";
  name: string;
  email: string | null;
  createdAt: Date;
  withdrawnAt: Date | null;
  expiresAt: Date | null;
  lastViewedAt: Date | null;
}

export interface PlanView {
  focus: PlanFocus[];
  history: PlanHistoryEntry[];
  /** The subject's shares, newest first; empty for any other reader. */
  shares: PlanShareView[];
}

const STATUS_WORDS: Record<ActionStatus, string> = { planned: "planned", doing: "doing", done: "done" };

function focusLabel(s: ReportSnapshot, key: string): string {
  const [dimensionKey, pole] = key.split(".") as [string, Pole];
  const e = focusEvidence(s, { dimensionKey, pole });
  return e ? `${e.title}: ${e.poleLabel.toLowerCase()}` : key;
}

/** One history entry in words; share entries only for the subject (details never hold a rater). */
export function describePlanEvent(kind: string, d: Record<string, string | number | null>, reader: PlanReader): string | null {
  const str = (k: string) => String(d[k] ?? "");
  switch (kind) {
    case "plan.created":
      return "Started the plan";
    case "focus.set":
      return `Chose the focus areas: ${str("focus")}`;
    case "focus.note":
      return `Updated the note on ${str("focus")}`;
    case "action.added":
      return `Added an action to ${str("focus")}: ${str("what")}${typeof d.dueOn === "string" ? ` (by ${formatDate(d.dueOn)})` : ""}`;
    case "action.status":
      return `Moved "${str("what")}" from ${str("from")} to ${str("to")}`;
    case "action.removed":
      return `Removed the action "${str("what")}"`;
    case "share.added":
      return reader === "subject" ? `Shared the plan with ${str("name")}` : null;
    case "share.withdrawn":
      return reader === "subject" ? `Stopped sharing the plan with ${str("name")}` : null;
    default:
      return null;
  }
}

export async function readPlan(db: Executor, ctx: Pick<PlanContext, "plan" | "snapshot" | "reader">): Promise<PlanView> {
  if (!ctx.plan) return { focus: [], history: [], shares: [] };
  const planId = ctx.plan.id;
  const [areas, actions, events, shares] = await Promise.all([
    db.select().from(planFocusAreas).where(eq(planFocusAreas.planId, planId)).orderBy(asc(planFocusAreas.position)),
    db.select().from(planActions).where(eq(planActions.planId, planId)).orderBy(asc(planActions.createdAt), asc(planActions.id)),
    db.select().from(planEvents).where(eq(planEvents.planId, planId)).orderBy(asc(planEvents.createdAt), asc(planEvents.id)),
    ctx.reader === "subject"
      ? db
          .select({ share: planShares, personName: people.name })
          .from(planShares)
          .leftJoin(people, eq(people.id, planShares.personId))
          .where(eq(planShares.planId, planId))
          .orderBy(asc(planShares.createdAt))
      : Promise.resolve([]),
  ]);
  const focus = areas.flatMap((a) => {
    const evidence = focusEvidence(ctx.snapshot, { dimensionKey: a.dimensionKey, pole: a.pole });
    if (!evidence) return [];
    return [
      {
        id: a.id,
        position: a.position,
        note: a.note,
        evidence,
        actions: actions
          .filter((x) => x.focusAreaId === a.id)
          .map((x) => ({ id: x.id, what: x.what, dueOn: x.dueOn, helper: x.helper, status: x.status })),
      },
    ];
  });
  const history = events
    .map((e) => ({ at: e.createdAt, text: describePlanEvent(e.kind, e.details, ctx.reader) }))
    .filter((e): e is PlanHistoryEntry => e.text !== null)
    .reverse();
  return {
    focus,
    history,
    shares: shares
      .map(({ share, personName }) => ({
        id: share.id,
        audience: share.audience,
        name: share.audience === "coach" ? (share.coachName ?? share.coachEmail ?? "A coach") : (personName ?? "Your line manager"),
        email: share.audience === "coach" ? share.coachEmail : null,
        createdAt: share.createdAt,
        withdrawnAt: share.withdrawnAt,
        expiresAt: share.expiresAt,
        lastViewedAt: share.lastViewedAt,
      }))
      .reverse(),
  };
}

async function event(
  db: Executor,
  planId: string,
  organisationId: string,
  /** Who made the change; null when the system did (a share stopped because its subject left). */
  actor: Pick<Viewer, "userId"> | { userId: null },
  kind: string,
  details: Record<string, string | number | null>,
) {
  await db.insert(planEvents).values({ planId, organisationId, actorUserId: actor.userId, kind, details });
  await db.update(developmentPlans).set({ updatedAt: new Date() }).where(eq(developmentPlans.id, planId));
}

function ownedPlan(ctx: PlanContext) {
  if (ctx.reader !== "subject") throw notFound("That development plan");
  if (!ctx.plan) throw new AppError("invalid_input", "Choose your focus areas first.");
  return ctx.plan;
}

/**
 * The subject's 1-3 focus areas, in the order given. Areas dropped lose their actions (their
 * history stays); areas kept keep theirs. Starts the plan on the first save.
 */
export async function setFocusAreas(db: Executor, ctx: PlanContext, viewer: Viewer, keys: string[]): Promise<string> {
  if (ctx.reader !== "subject") throw notFound("That development plan");
  const choices = keys.map((k) => {
    const [dimensionKey, pole] = k.split(".") as [string, Pole];
    if (!focusEvidence(ctx.snapshot, { dimensionKey, pole })) {
      throw new AppError("invalid_input", "Choose focus areas from your report's differences.", { focus: ["Choose from the list."] });
    }
    return { dimensionKey, pole };
  });
  const organisationId = ctx.request.request.organisationId;
  return db.transaction(async (tx) => {
    let planId = ctx.plan?.id;
    if (!planId) {
      const [created] = await tx
        .insert(developmentPlans)
        .values({ organisationId, requestId: ctx.request.request.id, subjectPersonId: ctx.request.subject.id })
        .onConflictDoNothing()
        .returning({ id: developmentPlans.id });
      // Two saves racing: the other one started it.
      planId =
        created?.id ??
        (
          await tx.select({ id: developmentPlans.id }).from(developmentPlans).where(eq(developmentPlans.requestId, ctx.request.request.id))
        )[0]!.id;
      if (created) await event(tx, planId, organisationId, viewer, "plan.created", {});
    }
    const existing = await tx.select().from(planFocusAreas).where(eq(planFocusAreas.planId, planId));
    const keyOf = (a: { dimensionKey: string; pole: string }) => `${a.dimensionKey}.${a.pole}`;
    const dropped = existing.filter((a) => !keys.includes(keyOf(a)));
    if (dropped.length)
      await tx.delete(planFocusAreas).where(
        inArray(
          planFocusAreas.id,
          dropped.map((a) => a.id),
        ),
      );
    // Positions are unique per plan only by convention; move the kept ones out of the way first.
    for (const [i, c] of choices.entries()) {
      const kept = existing.find((a) => keyOf(a) === keyOf(c));
      if (kept)
        await tx
          .update(planFocusAreas)
          .set({ position: i + 1 })
          .where(eq(planFocusAreas.id, kept.id));
      else await tx.insert(planFocusAreas).values({ organisationId, planId, dimensionKey: c.dimensionKey, pole: c.pole, position: i + 1 });
    }
    await event(tx, planId, organisationId, viewer, "focus.set", { focus: keys.map((k) => focusLabel(ctx.snapshot, k)).join("; ") });
    return planId;
  });
}

async function focusAreaOf(db: Executor, planId: string, focusAreaId: string) {
  const [area] = await db
    .select()
    .from(planFocusAreas)
    .where(and(eq(planFocusAreas.id, focusAreaId), eq(planFocusAreas.planId, planId)))
    .limit(1);
  if (!area) throw notFound("That focus area");
  return area;
}

async function actionOf(db: Executor, planId: string, actionId: string) {
  const [action] = await db
    .select()
    .from(planActions)
    .where(and(eq(planActions.id, actionId), eq(planActions.planId, planId)))
    .limit(1);
  if (!action) throw notFound("That action");
  return action;
}

export async function saveFocusNote(db: Executor, ctx: PlanContext, viewer: Viewer, focusAreaId: string, note: string | null) {
  const plan = ownedPlan(ctx);
  await db.transaction(async (tx) => {
    const area = await focusAreaOf(tx, plan.id, focusAreaId);
    await tx.update(planFocusAreas).set({ note }).where(eq(planFocusAreas.id, area.id));
    await event(tx, plan.id, plan.organisationId, viewer, "focus.note", {
      focus: focusLabel(ctx.snapshot, `${area.dimensionKey}.${area.pole}`),
    });
  });
}

export async function addAction(
  db: Executor,
  ctx: PlanContext,
  viewer: Viewer,
  input: { focusAreaId: string; what: string; dueOn: string | null; helper: string | null },
): Promise<string> {
  const plan = ownedPlan(ctx);
  return db.transaction(async (tx) => {
    const area = await focusAreaOf(tx, plan.id, input.focusAreaId);
    const [row] = await tx
      .insert(planActions)
      .values({
        organisationId: plan.organisationId,
        planId: plan.id,
        focusAreaId: area.id,
        what: input.what,
        dueOn: input.dueOn,
        helper: input.helper,
      })
      .returning({ id: planActions.id });
    await event(tx, plan.id, plan.organisationId, viewer, "action.added", {
      focus: focusLabel(ctx.snapshot, `${area.dimensionKey}.${area.pole}`),
      what: input.what,
      dueOn: input.dueOn,
    });
    return row!.id;
  });
}

export async function setActionStatus(db: Executor, ctx: PlanContext, viewer: Viewer, actionId: string, status: ActionStatus) {
  const plan = ownedPlan(ctx);
  await db.transaction(async (tx) => {
    const action = await actionOf(tx, plan.id, actionId);
    if (action.status === status) return;
    await tx.update(planActions).set({ status, updatedAt: new Date() }).where(eq(planActions.id, action.id));
    await event(tx, plan.id, plan.organisationId, viewer, "action.status", {
      what: action.what,
      from: STATUS_WORDS[action.status],
      to: STATUS_WORDS[status],
    });
  });
}

export async function removeAction(db: Executor, ctx: PlanContext, viewer: Viewer, actionId: string) {
  const plan = ownedPlan(ctx);
  await db.transaction(async (tx) => {
    const action = await actionOf(tx, plan.id, actionId);
    await tx.delete(planActions).where(eq(planActions.id, action.id));
    await event(tx, plan.id, plan.organisationId, viewer, "action.removed", { what: action.what });
  });
}

/** Shares still standing (not withdrawn), for the sharing module and tests. */
export async function activeShares(db: Executor, planId: string) {
  return db
    .select()
    .from(planShares)
    .where(and(eq(planShares.planId, planId), isNull(planShares.withdrawnAt)));
}

export { event as recordPlanEvent, ownedPlan };
