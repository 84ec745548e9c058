import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Viewer } from "@/lib/auth/viewer";
import { recordAudit } from "@/lib/audit";
import type { Executor } from "@/lib/db";
import { developmentPlans, organisations, people, planEvents, planShares, reportSnapshots } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { AppError, notFound } from "@/lib/errors";
import { renderEmailHtml } from "@/lib/mail/html";
import { deliverMail, type MailMessage } from "@/lib/mail/transport";
import { withoutLegacySpread } from "@/lib/report/gaps";
import { generateToken, hashToken } from "@/lib/tokens";
import type { PlanContext, PlanRow } from "./access";
import { ownedPlan, recordPlanEvent } from "./plans";

/**
 * Sharing a plan, by the subject's choice only: with the line manager frozen on the request (who
 * reads it signed in), or with a named coach by e-mail (who reads it through a link; only the
 * link's hash is stored). Withdrawing takes effect on the next request: every read checks the
 * share again. Every share, withdrawal and view is audited, without any of the plan's content.
 */

/** How long a coach's link works unless withdrawn sooner. */
export const COACH_LINK_DAYS = 90;
export const MAX_STANDING_COACH_SHARES = 3;
export const MAX_COACH_SHARES = 20;

export async function shareWithLineManager(db: Executor, ctx: PlanContext, viewer: Viewer): Promise<string> {
  const plan = ownedPlan(ctx);
  const managerId = ctx.request.request.lineManagerPersonId;
  if (!managerId) throw new AppError("invalid_input", "This report has no line manager to share with.");
  const [manager] = await db.select({ name: people.name, active: people.active }).from(people).where(eq(people.id, managerId));
  if (!manager?.active) throw new AppError("invalid_input", "Your line manager for this report is no longer in the directory.");
  return db.transaction(async (tx) => {
    const [standing] = await tx
      .select({ id: planShares.id })
      .from(planShares)
      .where(
        and(
          eq(planShares.planId, plan.id),
          eq(planShares.audience, "line_manager"),
          eq(planShares.personId, managerId),
          isNull(planShares.withdrawnAt),
        ),
      );
    if (standing) return standing.id;
    const [row] = await tx
      .insert(planShares)
      .values({ organisationId: plan.organisationId, planId: plan.id, audience: "line_manager", personId: managerId })
      .returning({ id: planShares.id });
    await recordPlanEvent(tx, plan.id, plan.organisationId, viewer, "share.added", { name: manager.name });
    await recordAudit(tx, viewer, "plan.shared", "development_plan", plan.id, { audience: "line_manager" });
    return row!.id;
  });
}

export function coachEmail(input: {
  to: string;
  coachName: string;
  subjectName: string;
  organisationName: string;
  link: string;
  expires: Date;
}): MailMessage {
  const lines = [
    `${input.subjectName} has shared their development plan with you: the areas they chose to work on and the steps they plan to take.`,
    `The link works without an account until ${input.expires.toISOString().slice(0, 10)}, unless ${input.subjectName.split(" ")[0]} stops sharing sooner. Please do not forward it.`,
  ];
  return {
    to: input.to,
    subject: `${input.subjectName} shared a development plan with you`,
    text: [`Hello ${input.coachName},`, "", ...lines.flatMap((l) => [l, ""]), input.link, "", `Twofold · ${input.organisationName}`].join(
      "\n",
    ),
    html: renderEmailHtml({
      heading: "A development plan shared with you",
      paragraphs: [`Hello ${input.coachName},`, ...lines],
      action: { label: "Read the plan", url: input.link },
      footer: `Twofold · ${input.organisationName}`,
    }),
  };
}

/** Shares with a coach and e-mails them the link; if the e-mail cannot go, nothing stays shared. */
export async function shareWithCoach(
  db: Executor,
  ctx: PlanContext,
  viewer: Viewer,
  input: { coachName: string; coachEmail: string },
  now: Date = new Date(),
): Promise<string> {
  const plan = ownedPlan(ctx);
  // Each share sends an e-mail to an address the subject types: a plan is not a way to send
  // mail to anyone, any number of times.
  const coachShares = await db
    .select({ withdrawnAt: planShares.withdrawnAt })
    .from(planShares)
    .where(and(eq(planShares.planId, plan.id), eq(planShares.audience, "coach")));
  if (coachShares.filter((c) => !c.withdrawnAt).length >= MAX_STANDING_COACH_SHARES || coachShares.length >= MAX_COACH_SHARES) {
    throw new AppError(
      "conflict",
      `A plan can be shared with at most ${MAX_STANDING_COACH_SHARES} coaches at a time, and ${MAX_COACH_SHARES} in all.`,
    );
  }
  const token = generateToken();
  const expiresAt = new Date(now.getTime() + COACH_LINK_DAYS * 86_400_000);
  const shareId = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(planShares)
      .values({
        organisationId: plan.organisationId,
        planId: plan.id,
        audience: "coach",
        coachName: input.coachName,
        coachEmail: input.coachEmail,
        tokenHash: hashToken(token),
        expiresAt,
      })
      .returning({ id: planShares.id });
    await recordPlanEvent(tx, plan.id, plan.organisationId, viewer, "share.added", { name: input.coachName });
    await recordAudit(tx, viewer, "plan.shared", "development_plan", plan.id, { audience: "coach" });
    return row!.id;
  });
  const [org] = await db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, plan.organisationId));
  try {
    await deliverMail(
      coachEmail({
        to: input.coachEmail,
        coachName: input.coachName,
        subjectName: ctx.request.subject.name,
        organisationName: org?.name ?? "",
        link: `${env().appUrl}/plan-link/${token}`,
        expires: expiresAt,
      }),
    );
  } catch (error) {
    await withdrawShare(db, ctx, viewer, shareId);
    console.error("[plans] could not e-mail the coach their link:", (error as Error)?.message);
    throw new AppError("unavailable", "The e-mail to the coach could not be sent, so the plan was not shared. Please try again later.");
  }
  return shareId;
}

export async function withdrawShare(db: Executor, ctx: PlanContext, viewer: Viewer, shareId: string): Promise<void> {
  const plan = ownedPlan(ctx);
  await db.transaction(async (tx) => {
    const [share] = await tx
      .select({ share: planShares, personName: people.name })
      .from(planShares)
      .leftJoin(people, eq(people.id, planShares.personId))
      .where(and(eq(planShares.id, shareId), eq(planShares.planId, plan.id)));
    if (!share) throw notFound("That share");
    if (share.share.withdrawnAt) return;
    await tx.update(planShares).set({ withdrawnAt: new Date() }).where(eq(planShares.id, shareId));
    await recordPlanEvent(tx, plan.id, plan.organisationId, viewer, "share.withdrawn", {
      name: sharedWithName(share.share, share.personName),
    });
    await recordAudit(tx, viewer, "plan.share_withdrawn", "development_plan", plan.id, { audience: share.share.audience });
  });
}

/** A line manager reads a plan shared with them: audited, and the subject sees when. */
export async function recordManagerView(db: Executor, ctx: PlanContext, viewer: Viewer): Promise<void> {
  if (ctx.reader !== "line_manager" || !ctx.plan || !ctx.shareId) return;
  await db.update(planShares).set({ lastViewedAt: new Date() }).where(eq(planShares.id, ctx.shareId));
  await recordAudit(db, viewer, "plan.viewed", "development_plan", ctx.plan.id, { via: "line_manager" });
}

export type CoachPlan =
  { state: "shared"; plan: PlanRow; snapshot: PlanContext["snapshot"]; subjectName: string; coachName: string } | { state: "gone" };

/**
 * A coach's link: the plan while the share stands, otherwise "gone" with nothing else (an unknown,
 * withdrawn or expired link, and one to the plan of someone who has left, all look the same, so a
 * link says nothing once it stops working).
 * A successful read is audited and stamps the share's last view.
 */
export async function loadPlanForCoach(db: Executor, token: string, now: Date = new Date()): Promise<CoachPlan> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { state: "gone" };
  const [row] = await db
    .select({
      share: planShares,
      plan: developmentPlans,
      subjectName: people.name,
      subjectActive: people.active,
      snapshot: reportSnapshots.data,
    })
    .from(planShares)
    .innerJoin(developmentPlans, eq(developmentPlans.id, planShares.planId))
    .innerJoin(people, eq(people.id, developmentPlans.subjectPersonId))
    .innerJoin(reportSnapshots, eq(reportSnapshots.requestId, developmentPlans.requestId))
    .where(and(eq(planShares.tokenHash, hashToken(token)), eq(planShares.audience, "coach")))
    .limit(1);
  // A subject who has left the organisation (deactivated) takes their plan with them.
  if (!row || !row.subjectActive || row.share.withdrawnAt || !row.share.expiresAt || row.share.expiresAt <= now) return { state: "gone" };
  await db.update(planShares).set({ lastViewedAt: now }).where(eq(planShares.id, row.share.id));
  await recordAudit(db, { userId: null, organisation: { id: row.plan.organisationId } }, "plan.viewed", "development_plan", row.plan.id, {
    via: "coach",
  });
  return {
    state: "shared",
    plan: row.plan,
    snapshot: withoutLegacySpread(row.snapshot),
    subjectName: row.subjectName,
    coachName: row.share.coachName ?? "",
  };
}

/**
 * A subject who leaves (deactivated by HR or by directory sync) takes their plan with them: every
 * standing share of their plans stops, so reactivating them later revives no old link or reader.
 * Recorded in each plan's history, which the subject sees if they come back.
 */
export async function withdrawSharesOfLeaver(
  tx: Executor,
  organisationId: string,
  personId: string,
  now: Date = new Date(),
): Promise<void> {
  const standing = await tx
    .select({ share: planShares, personName: people.name })
    .from(planShares)
    .innerJoin(developmentPlans, eq(developmentPlans.id, planShares.planId))
    .leftJoin(people, eq(people.id, planShares.personId))
    .where(
      and(eq(planShares.organisationId, organisationId), eq(developmentPlans.subjectPersonId, personId), isNull(planShares.withdrawnAt)),
    );
  if (!standing.length) return;
  await tx
    .update(planShares)
    .set({ withdrawnAt: now })
    .where(
      inArray(
        planShares.id,
        standing.map((s) => s.share.id),
      ),
    );
  for (const { share, personName } of standing) {
    await recordPlanEvent(tx, share.planId, organisationId, { userId: null }, "share.withdrawn", {
      name: sharedWithName(share, personName),
    });
  }
}

/** Who a share is with, as the plan's history says it ("Stopped sharing the plan with …"). */
function sharedWithName(share: { audience: "line_manager" | "coach"; coachName: string | null }, personName: string | null): string {
  return share.audience === "coach" ? (share.coachName ?? "a coach") : (personName ?? "your line manager");
}
