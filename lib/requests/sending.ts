import { and, eq, gt, inArray, isNull, lte, ne, or, sql, type SQL } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { cycles, feedbackRequests, invitationReminders, invitations, memberships, organisations, people, users } from "@/lib/db/schema";
import { todayIso } from "@/lib/dates";
import { AppError } from "@/lib/errors";
import { mayInviteIn, OPEN_CYCLE_STATUS, OPEN_REQUEST_STATUSES } from "@/lib/lifecycle";
import { deliverMail } from "@/lib/mail/transport";
import { hasUnderThresholdGroup } from "@/lib/report/preview";
import { approvalNeededEmail, invitationEmail, nominationsReturnedEmail, reminderEmail, type InvitationEmailInput } from "./emails";
import { issueSurveyLink, revokeAllSurveyLinks, revokeSurveyLink } from "./links";
import { recordAudit } from "@/lib/audit";
import { assertNominationsOpen, listNominations, previewFor, type AuditActor, type RequestContext } from "./nominations";
import { env } from "@/lib/env";

/**
 * Getting invitations out, exactly once, and never losing one: an invitation is claimed with a
 * conditional UPDATE before its e-mail is sent (two clicks or two job runners cannot both send
 * it), and a failed send is recorded as "not sent" with the error, then retried with backoff by
 * the job runner. E-mail is never sent inside a database transaction.
 */

const CLAIM_LEASE_MS = 10 * 60_000;
/** Requests still collecting: an early-released (or closed) request gets no reminders or retries. */
const LIVE_REQUEST = [...OPEN_REQUEST_STATUSES];
export const MAX_SEND_ATTEMPTS = 8;
const DAY_MS = 24 * 60 * 60_000;

export function retryDelayMs(attempts: number): number {
  // 1, 5, 15, 30 minutes, then hourly.
  return [1, 5, 15, 30][attempts - 1] !== undefined ? [1, 5, 15, 30][attempts - 1]! * 60_000 : 60 * 60_000;
}

async function mailContext(db: Executor, invitationId: string) {
  const [row] = await db
    .select({
      invitation: invitations,
      cycle: { threshold: cycles.threshold, commentThreshold: cycles.commentThreshold, closesAt: cycles.closesAt, status: cycles.status },
      subjectName: people.name,
      organisationName: organisations.name,
      raterPersonName: sql<string | null>`(select p.name from people p where p.id = ${invitations.raterPersonId})`,
    })
    .from(invitations)
    .innerJoin(feedbackRequests, eq(feedbackRequests.id, invitations.requestId))
    .innerJoin(cycles, eq(cycles.id, feedbackRequests.cycleId))
    .innerJoin(people, eq(people.id, feedbackRequests.subjectPersonId))
    .innerJoin(organisations, eq(organisations.id, invitations.organisationId))
    .where(eq(invitations.id, invitationId));
  return row ?? null;
}

type MailContext = NonNullable<Awaited<ReturnType<typeof mailContext>>>;

function emailInput(ctx: MailContext, link: string): InvitationEmailInput {
  return {
    to: ctx.invitation.raterEmail,
    raterName: ctx.raterPersonName ?? ctx.invitation.raterName,
    subjectName: ctx.subjectName,
    organisationName: ctx.organisationName,
    group: ctx.invitation.raterGroup,
    closesAt: ctx.cycle.closesAt,
    link,
    threshold: ctx.cycle.threshold,
    commentThreshold: ctx.cycle.commentThreshold,
  };
}

/** The e-mail input of one invitation, waiting for its link; null for an invitation that is gone. */
export async function invitationEmailInput(db: Executor, invitationId: string): Promise<((link: string) => InvitationEmailInput) | null> {
  const ctx = await mailContext(db, invitationId);
  return ctx ? (link) => emailInput(ctx, link) : null;
}

function describeSendError(error: unknown): string {
  const e = error as { code?: string; responseCode?: number; message?: string };
  if (e?.code === "ECONNREFUSED" || e?.code === "ESOCKET" || e?.code === "ETIMEDOUT" || e?.code === "ECONNECTION") {
    return "The mail server could not be reached. Twofold will try again automatically.";
  }
  if (e?.responseCode && e.responseCode >= 500)
    return `The mail server refused the message (${e.responseCode}). Twofold will try again automatically.`;
  if ((error as Error)?.name === "MailNotConfiguredError") return "No mail server is configured. Ask your administrator to set SMTP_URL.";
  return `Sending failed: ${e?.message ?? "unknown error"}. Twofold will try again automatically.`;
}

export type DispatchOutcome = "sent" | "failed" | "skipped";

/**
 * Send one invitation e-mail with a fresh link, if it is still waiting to go out. Safe to call
 * concurrently: only the caller whose claim succeeds sends.
 */
export async function dispatchInvitation(db: Executor, invitationId: string, now = new Date()): Promise<DispatchOutcome> {
  const claimed = await db
    .update(invitations)
    .set({
      status: "sent",
      sentAt: null,
      sendAttempts: sql`${invitations.sendAttempts} + 1`,
      nextAttemptAt: new Date(now.getTime() + CLAIM_LEASE_MS),
    })
    .where(
      and(
        eq(invitations.id, invitationId),
        isNull(invitations.revokedAt),
        ne(invitations.raterGroup, "self"),
        or(
          inArray(invitations.status, ["nominated", "awaiting_approval", "not_sent"]),
          // A claim whose sender died before recording the outcome.
          and(eq(invitations.status, "sent"), isNull(invitations.sentAt), lte(invitations.nextAttemptAt, now)),
        ),
      ),
    )
    .returning({ id: invitations.id, attempts: invitations.sendAttempts });
  if (claimed.length === 0) return "skipped";

  const ctx = await mailContext(db, invitationId);
  if (!ctx || !mayInviteIn(ctx.cycle, now)) {
    await db
      .update(invitations)
      .set({ status: "not_sent", sendError: "The cycle is no longer open.", nextAttemptAt: null })
      .where(eq(invitations.id, invitationId));
    return "failed";
  }
  const link = await issueSurveyLink(db, ctx.invitation.organisationId, invitationId);
  try {
    await deliverMail(invitationEmail(emailInput(ctx, link.url)));
  } catch (error) {
    await revokeSurveyLink(db, link.tokenId, now);
    const attempts = claimed[0]!.attempts;
    await db
      .update(invitations)
      .set({
        status: "not_sent",
        sendError: describeSendError(error),
        nextAttemptAt: attempts >= MAX_SEND_ATTEMPTS ? null : new Date(now.getTime() + retryDelayMs(attempts)),
      })
      .where(eq(invitations.id, invitationId));
    return "failed";
  }
  await db.update(invitations).set({ sentAt: now, sendError: null, nextAttemptAt: null }).where(eq(invitations.id, invitationId));
  return "sent";
}

async function dispatchAll(db: Executor, ids: string[], now: Date) {
  const outcome = { sent: 0, failed: 0 };
  for (const id of ids) {
    const r = await dispatchInvitation(db, id, now);
    if (r === "sent") outcome.sent++;
    if (r === "failed") outcome.failed++;
  }
  return outcome;
}

/**
 * Who approves nominations: the subject's line manager (as frozen on the request), or HR when
 * there is none; never the subject themselves, even when they are HR.
 */
async function approvers(db: Executor, ctx: RequestContext) {
  if (ctx.request.lineManagerPersonId) {
    const rows = await db
      .select({ email: people.email, name: people.name })
      .from(people)
      .where(and(eq(people.id, ctx.request.lineManagerPersonId), eq(people.active, true), ne(people.id, ctx.subject.id)));
    if (rows.length) return rows;
  }
  return db
    .select({ email: users.email, name: users.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.organisationId, ctx.request.organisationId),
        eq(memberships.role, "hr"),
        sql`not exists (select 1 from people s where s.id = ${ctx.subject.id} and s.user_id = ${users.id})`,
      ),
    );
}

export interface SubmitOutcome {
  sent: number;
  failed: number;
  /**
   * Raters waiting for the line manager's (or HR's) approval: all of them when the cycle asks for
   * it; external raters and directory entries the subject changed always.
   */
  awaitingApproval: number;
}

/**
 * The subject sends their new nominations: straight out as invitations, or to their approver
 * first (everyone when the cycle asks for approval; external raters and directory entries the
 * subject created or changed always). Raters queued for approval join a new approval round, so a
 * decision taken on the list as it was before never covers them. Under-threshold groups need an
 * explicit confirmation.
 */
export async function submitNominations(
  db: Executor,
  ctx: RequestContext,
  confirmUnderThreshold: boolean,
  now = new Date(),
  actor?: AuditActor,
): Promise<SubmitOutcome> {
  assertNominationsOpen(ctx, now);
  const nominations = await listNominations(db, ctx);
  const pending = nominations.filter((n) => n.state === "not_sent_yet");
  if (pending.length === 0) {
    throw new AppError("invalid_input", "There is nobody new to invite: add a rater first.");
  }
  if (hasUnderThresholdGroup(previewFor(ctx, nominations)) && !confirmUnderThreshold) {
    throw new AppError("conflict", "Some groups have fewer raters than the anonymity threshold. Confirm to send anyway.", {
      confirmUnderThreshold: ["Confirm that you want to send with groups below the threshold."],
    });
  }
  const needsApproval = (n: (typeof pending)[number]) => ctx.cycle.requiresApproval || n.approvalReason !== null;
  const toApprove = pending.filter(needsApproval).map((n) => n.invitationId);
  const toSend = pending.filter((n) => !needsApproval(n)).map((n) => n.invitationId);
  let queued = 0;
  if (toApprove.length) {
    // A new round first: any approver's decision on the earlier list is now out of date.
    const [round] = await db
      .update(feedbackRequests)
      .set({ status: "awaiting_approval", approvalNote: null, approvalRound: sql`${feedbackRequests.approvalRound} + 1` })
      .where(eq(feedbackRequests.id, ctx.request.id))
      .returning({ round: feedbackRequests.approvalRound });
    const moved = await db
      .update(invitations)
      .set({ status: "awaiting_approval", approvalRound: round!.round })
      .where(and(inArray(invitations.id, toApprove), eq(invitations.status, "nominated")))
      .returning({ id: invitations.id });
    queued = moved.length;
  } else {
    const waiting = nominations.some((n) => n.state === "awaiting_approval");
    await db
      .update(feedbackRequests)
      .set({ status: waiting ? "awaiting_approval" : "collecting" })
      .where(and(eq(feedbackRequests.id, ctx.request.id), inArray(feedbackRequests.status, ["nominating", "collecting"])));
  }
  await recordAudit(db, await actorOr(db, ctx, actor), "nominations.submitted", "feedback_request", ctx.request.id, {
    toSend: toSend.length,
    awaitingApproval: queued,
  });
  if (queued) {
    const link = `${env().appUrl}/requests/${ctx.request.id}`;
    for (const approver of await approvers(db, ctx)) {
      await deliverMail(
        approvalNeededEmail({ to: approver.email, approverName: approver.name, subjectName: ctx.subject.name, link }),
      ).catch((error) => console.error("[requests] could not e-mail an approver:", error));
    }
  }
  return { ...(await dispatchAll(db, toSend, now)), awaitingApproval: queued };
}

/** The actor for the audit log: the caller, or else the subject's own user (only the subject submits). */
async function actorOr(db: Executor, ctx: RequestContext, actor: AuditActor | undefined): Promise<AuditActor> {
  if (actor) return actor;
  const [row] = await db.select({ userId: people.userId }).from(people).where(eq(people.id, ctx.subject.id));
  return { userId: row?.userId ?? null, organisation: { id: ctx.request.organisationId } };
}

/** What an approver decides on: the version of the list they were shown (`approvalRound` on the request). */
export interface ApprovalDecision {
  round: number;
}

/**
 * Take the decision on one round, or refuse: one conditional UPDATE, so of concurrent decisions
 * (two tabs, two approvers, approve racing send back) exactly one wins. A round that has moved on
 * (the subject queued more raters, or someone decided already) is refused with a plain sentence.
 */
async function claimDecision(db: Executor, ctx: RequestContext, round: number, status: "collecting" | "nominating", note: string | null) {
  const [won] = await db
    .update(feedbackRequests)
    .set({ status, approvalNote: note, approvalRound: sql`${feedbackRequests.approvalRound} + 1` })
    .where(
      and(
        eq(feedbackRequests.id, ctx.request.id),
        eq(feedbackRequests.status, "awaiting_approval"),
        eq(feedbackRequests.approvalRound, round),
      ),
    )
    .returning({ round: feedbackRequests.approvalRound });
  if (won) return;
  const [current] = await db
    .select({ status: feedbackRequests.status, round: feedbackRequests.approvalRound })
    .from(feedbackRequests)
    .where(eq(feedbackRequests.id, ctx.request.id));
  if (current?.status === "awaiting_approval" && current.round > round) {
    throw new AppError(
      "conflict",
      "The list of raters has changed since you opened it, so nothing was decided. Reload the page to see the list as it is now.",
    );
  }
  throw new AppError(
    "conflict",
    "Someone has already decided on this list (approved it or sent it back), so nothing was changed. Reload the page to see where it stands.",
  );
}

/**
 * Approve the list the approver was shown: exactly the raters queued up to that round go out.
 * Anyone added later is not covered, whatever their status: they were never shown.
 */
export async function approveNominations(
  db: Executor,
  ctx: RequestContext,
  decision: ApprovalDecision,
  actor: AuditActor,
  now = new Date(),
) {
  assertNominationsOpen(ctx, now, "remove");
  await claimDecision(db, ctx, decision.round, "collecting", null);
  const approved = await db
    .select({ id: invitations.id })
    .from(invitations)
    .where(
      and(
        eq(invitations.requestId, ctx.request.id),
        eq(invitations.status, "awaiting_approval"),
        lte(invitations.approvalRound, decision.round),
        isNull(invitations.revokedAt),
      ),
    );
  await recordAudit(db, actor, "nominations.approved", "feedback_request", ctx.request.id, {
    round: decision.round,
    approved: approved.length,
  });
  const outcome = await dispatchAll(
    db,
    approved.map((w) => w.id),
    now,
  );
  await settleStatus(db, ctx);
  return outcome;
}

/** After a decision: collecting once anything went out, otherwise back with the subject. */
async function settleStatus(db: Executor, ctx: RequestContext) {
  const [anySent] = await db
    .select({ id: invitations.id })
    .from(invitations)
    .where(
      and(
        eq(invitations.requestId, ctx.request.id),
        inArray(invitations.status, ["sent", "responded", "declined", "not_sent"]),
        ne(invitations.raterGroup, "self"),
      ),
    )
    .limit(1);
  // Only while nobody has queued a new round in the meantime.
  await db
    .update(feedbackRequests)
    .set({ status: anySent ? "collecting" : "nominating" })
    .where(and(eq(feedbackRequests.id, ctx.request.id), inArray(feedbackRequests.status, ["collecting", "nominating"])));
}

/** Send back: nothing goes out; the subject sees the note and changes the list. */
export async function returnNominations(
  db: Executor,
  ctx: RequestContext,
  decision: ApprovalDecision & { note: string },
  actor: AuditActor,
  now = new Date(),
) {
  assertNominationsOpen(ctx, now, "remove");
  await claimDecision(db, ctx, decision.round, "nominating", decision.note);
  await db
    .update(invitations)
    .set({ status: "nominated", approvalRound: null })
    .where(
      and(
        eq(invitations.requestId, ctx.request.id),
        eq(invitations.status, "awaiting_approval"),
        lte(invitations.approvalRound, decision.round),
      ),
    );
  await recordAudit(db, actor, "nominations.returned", "feedback_request", ctx.request.id, { round: decision.round });
  await settleStatus(db, ctx);
  const link = `${env().appUrl}/requests/${ctx.request.id}`;
  await deliverMail(nominationsReturnedEmail({ to: ctx.subject.email, subjectName: ctx.subject.name, note: decision.note, link })).catch(
    (error) => console.error("[requests] could not e-mail the subject:", error),
  );
}

/**
 * A new link for one rater; once it is sent, every older link of theirs stops working. If the
 * e-mail fails nothing changes (the older links keep working), whatever the rater has done so far:
 * a failure must not look different for someone who answered and someone who did not.
 */
export async function resendInvitation(db: Executor, ctx: RequestContext, invitationId: string, now = new Date()) {
  assertNominationsOpen(ctx, now);
  const [invitation] = await db
    .select()
    .from(invitations)
    .where(and(eq(invitations.id, invitationId), eq(invitations.requestId, ctx.request.id), ne(invitations.raterGroup, "self")));
  if (!invitation || invitation.revokedAt) throw new AppError("not_found", "That invitation does not exist or was revoked.");
  if (invitation.status === "nominated" || invitation.status === "awaiting_approval") {
    throw new AppError("conflict", "This invitation has not been sent yet.");
  }
  if (invitation.status === "not_sent") return dispatchInvitation(db, invitation.id, now);
  const ctxMail = await mailContext(db, invitation.id);
  const link = await issueSurveyLink(db, invitation.organisationId, invitation.id);
  try {
    await deliverMail(invitationEmail(emailInput(ctxMail!, link.url)));
  } catch (error) {
    await revokeSurveyLink(db, link.tokenId, now);
    throw new AppError(
      "unavailable",
      `${describeSendError(error).replace(/ Twofold will try again automatically\.$/, "")} The earlier link still works; try again later.`,
    );
  }
  await revokeAllSurveyLinks(db, invitation.id, now, link.tokenId);
  return "sent" as const;
}

/**
 * Remind raters: everyone invited who has not declined, because who answered is written nowhere
 * (ADR 7), and a mail relay's log must not be able to tell either; the reminder says "if you have
 * already answered, thank you". At most one reminder a day per invitation, recorded in
 * invitation_reminders before it is sent, so a double click or a second runner never sends twice.
 * A reminder carries a link of its own; the invitation's earlier links keep working.
 */
async function remind(db: Executor, invitationIds: string[], kindOf: (id: string) => string, now: Date) {
  let sent = 0;
  for (const id of invitationIds) {
    const kind = kindOf(id);
    const ctx = await mailContext(db, id);
    if (!ctx) continue;
    const claimed = await db
      .insert(invitationReminders)
      .values({ invitationId: id, kind, organisationId: ctx.invitation.organisationId, sentAt: now })
      .onConflictDoNothing()
      .returning();
    if (claimed.length === 0) continue;
    const link = await issueSurveyLink(db, ctx.invitation.organisationId, id);
    try {
      await deliverMail(reminderEmail(emailInput(ctx, link.url)));
    } catch (error) {
      // Give the claim back, so the next attempt can send it; nothing was delivered.
      await revokeSurveyLink(db, link.tokenId, now);
      await db.delete(invitationReminders).where(and(eq(invitationReminders.invitationId, id), eq(invitationReminders.kind, kind)));
      console.error("[reminders] could not send:", describeSendError(error));
      continue;
    }
    await db.update(invitations).set({ lastRemindedAt: now }).where(eq(invitations.id, id));
    sent++;
  }
  return sent;
}

function remindable(now: Date) {
  return and(
    eq(invitations.status, "sent"),
    isNull(invitations.revokedAt),
    ne(invitations.raterGroup, "self"),
    or(isNull(invitations.lastRemindedAt), lte(invitations.lastRemindedAt, new Date(now.getTime() - DAY_MS))),
  );
}

/**
 * The subject's "remind" button. Returns how many reminders went out, for tests and the server
 * only: that number is how many have not answered, so the action gives the subject none of it.
 */
export async function remindRaters(db: Executor, ctx: RequestContext, now = new Date()): Promise<number> {
  assertNominationsOpen(ctx, now);
  return remindRequest(db, ctx.request.id, now);
}

/** Remind one request's raters who have not answered (HR's bulk reminder uses this per request). */
export async function remindRequest(db: Executor, requestId: string, now = new Date()): Promise<number> {
  const targets = await db
    .select({ id: invitations.id })
    .from(invitations)
    .innerJoin(feedbackRequests, eq(feedbackRequests.id, invitations.requestId))
    .where(and(eq(invitations.requestId, requestId), inArray(feedbackRequests.status, LIVE_REQUEST), remindable(now)));
  return remind(
    db,
    targets.map((t) => t.id),
    () => `manual:${todayIso(now)}`,
    now,
  );
}

/** Scheduled reminders before a cycle closes, for the job runner. */
export const SCHEDULED_REMINDERS = [
  // Most urgent first: a cycle launched two days before it closes gets the 1-day reminder only.
  { kind: "before-close:1d", withinMs: DAY_MS, supersededBy: ["before-close:1d"] },
  { kind: "before-close:3d", withinMs: 3 * DAY_MS, supersededBy: ["before-close:3d", "before-close:1d"] },
] as const;

/**
 * Ids of invitations of live requests in cycles still open at `now`, narrowed by `conditions`: what
 * the job runner's reminders and retries pick from.
 */
function liveInvitations(db: Executor, now: Date, ...conditions: (SQL | undefined)[]) {
  return db
    .select({ id: invitations.id })
    .from(invitations)
    .innerJoin(feedbackRequests, eq(feedbackRequests.id, invitations.requestId))
    .innerJoin(cycles, eq(cycles.id, feedbackRequests.cycleId))
    .where(
      and(eq(cycles.status, OPEN_CYCLE_STATUS), gt(cycles.closesAt, now), inArray(feedbackRequests.status, LIVE_REQUEST), ...conditions),
    );
}

export async function sendScheduledReminders(db: Executor, now = new Date()): Promise<number> {
  let sent = 0;
  for (const schedule of SCHEDULED_REMINDERS) {
    const due = await liveInvitations(
      db,
      now,
      lte(cycles.closesAt, new Date(now.getTime() + schedule.withinMs)),
      remindable(now),
      sql`not exists (select 1 from invitation_reminders r where r.invitation_id = ${invitations.id} and r.kind in (${sql.join(
        schedule.supersededBy.map((k) => sql`${k}`),
        sql`, `,
      )}))`,
    );
    sent += await remind(
      db,
      due.map((d) => d.id),
      () => schedule.kind,
      now,
    );
  }
  return sent;
}

/** Invitations whose e-mail failed (or whose sender died mid-send), for the job runner. */
export async function retryUnsentInvitations(db: Executor, now = new Date()): Promise<number> {
  const due = await liveInvitations(
    db,
    now,
    isNull(invitations.revokedAt),
    lte(invitations.nextAttemptAt, now),
    or(eq(invitations.status, "not_sent"), and(eq(invitations.status, "sent"), isNull(invitations.sentAt))),
  );
  return (
    await dispatchAll(
      db,
      due.map((d) => d.id),
      now,
    )
  ).sent;
}
