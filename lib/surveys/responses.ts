import { and, eq, sql } from "drizzle-orm";
import type { Executor, Transaction } from "@/lib/db";
import { rowsOf } from "@/lib/db/client";
import { answers, comments, cycles, feedbackRequests, invitations, organisations, people, responses, surveyDrafts } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { Questionnaire } from "@/lib/framework";
import { draftSchema, itemKeyOf, NOT_OBSERVED, responseSchema, withDefaults, type SurveyValues } from "./schema";

/**
 * The rater's side of an invitation: drafts, exactly-once submission, revisions, declining.
 * Answers are written with the rater group but no rater identity; the response row points at the
 * invitation only until the cycle closes.
 */

export interface SurveyContext {
  invitationId: string;
  organisationId: string;
  requestId: string;
  cycleId: string;
  group: "self" | "manager" | "peer" | "direct_report" | "other";
  invitationStatus: string;
  subjectName: string;
  organisationName: string;
  questionnaire: Questionnaire;
  closesAt: Date;
  threshold: number;
  commentThreshold: number;
}

/**
 * Every survey request starts with this query, so drizzle builds its SQL once per connection
 * handle (`prepare`) instead of on every call; the placeholders are filled per request.
 */
function buildContextQuery(db: Executor, live: boolean) {
  return db
    .select({
      invitationId: invitations.id,
      organisationId: invitations.organisationId,
      requestId: invitations.requestId,
      cycleId: feedbackRequests.cycleId,
      group: invitations.raterGroup,
      invitationStatus: invitations.status,
      revokedAt: invitations.revokedAt,
      requestStatus: feedbackRequests.status,
      cycleStatus: cycles.status,
      closesAt: cycles.closesAt,
      threshold: cycles.threshold,
      commentThreshold: cycles.commentThreshold,
      questionnaire: cycles.questionnaire,
      subjectName: people.name,
      organisationName: organisations.name,
    })
    .from(invitations)
    .innerJoin(feedbackRequests, eq(feedbackRequests.id, invitations.requestId))
    .innerJoin(cycles, eq(cycles.id, feedbackRequests.cycleId))
    .innerJoin(people, eq(people.id, feedbackRequests.subjectPersonId))
    .innerJoin(organisations, eq(organisations.id, invitations.organisationId))
    .where(
      and(
        eq(invitations.id, sql.placeholder("invitationId")),
        live
          ? sql`exists (select 1 from invitation_tokens t where t.id = ${sql.placeholder("tokenId")} and t.invitation_id = ${invitations.id} and t.revoked_at is null)`
          : undefined,
      ),
    )
    .prepare(live ? "survey_context_live" : "survey_context");
}

type ContextQuery = ReturnType<typeof buildContextQuery>;
const contextQueries = new WeakMap<Executor, { plain?: ContextQuery; live?: ContextQuery }>();

function contextQuery(db: Executor, live: boolean): ContextQuery {
  let cached = contextQueries.get(db);
  if (!cached) contextQueries.set(db, (cached = {}));
  const key = live ? "live" : "plain";
  return (cached[key] ??= buildContextQuery(db, live));
}

/**
 * The invitation behind a survey, if it can still be answered (not revoked, cycle open). With
 * `liveTokenId` (a rater's survey session names the link it was opened from), also only while that
 * link is alive: checked in the same statement, because every survey request starts here.
 */
export async function loadSurveyContext(
  db: Executor,
  invitationId: string,
  now = new Date(),
  liveTokenId?: string,
): Promise<SurveyContext | null> {
  const [row] = await contextQuery(db, Boolean(liveTokenId)).execute({ invitationId, tokenId: liveTokenId });
  if (!row || row.revokedAt) return null;
  if (row.cycleStatus !== "open" || row.closesAt <= now || row.requestStatus === "closed" || row.requestStatus === "released") return null;
  if (row.invitationStatus === "nominated" || row.invitationStatus === "awaiting_approval") return null;
  return { ...row, questionnaire: row.questionnaire as Questionnaire };
}

function closedError() {
  return new AppError("closed", "This feedback has closed, so answers can no longer be saved.");
}

/**
 * Inside a transaction: make sure answering is still allowed, and keep it so until commit. The
 * locks and their order are in the SQL function lock_open_invitation (drizzle/0006), which
 * submit_response uses too.
 */
async function lockOpenInvitation(tx: Transaction, ctx: SurveyContext, now: Date) {
  const [row] = await rowsOf<{ answerable: boolean }>(
    tx,
    sql`select lock_open_invitation(${ctx.invitationId}::uuid, ${ctx.requestId}::uuid, ${ctx.cycleId}::uuid, ${now.toISOString()}::timestamptz) as answerable`,
  );
  if (!row?.answerable) throw closedError();
}

/** What to show in the form: the draft if there is one, else the submitted answers, else nothing. */
export async function loadSurveyState(db: Executor, ctx: SurveyContext) {
  const [draft] = await db.select().from(surveyDrafts).where(eq(surveyDrafts.invitationId, ctx.invitationId));
  const [response] = await db
    .select({ id: responses.id, submittedAt: responses.submittedAt })
    .from(responses)
    .where(eq(responses.invitationId, ctx.invitationId));
  let submitted: SurveyValues | null = null;
  if (response) {
    const rows = await db
      .select({ itemKey: answers.itemKey, score: answers.score })
      .from(answers)
      .where(eq(answers.responseId, response.id));
    const notes = await db
      .select({ topic: comments.topic, body: comments.body })
      .from(comments)
      .where(eq(comments.responseId, response.id));
    submitted = withDefaults(ctx.questionnaire, {
      answers: Object.fromEntries(
        rows.map((r) => [r.itemKey.replace(".", "__"), r.score === null ? NOT_OBSERVED : (String(r.score) as "1")]),
      ),
      comments: Object.fromEntries(notes.filter((n) => n.topic !== "keep_doing" && n.topic !== "develop").map((n) => [n.topic, n.body])),
      keep_doing: notes.find((n) => n.topic === "keep_doing")?.body ?? "",
      develop: notes.find((n) => n.topic === "develop")?.body ?? "",
    });
  }
  return {
    submitted: Boolean(response),
    declined: ctx.invitationStatus === "declined",
    draftVersion: draft?.version ?? 0,
    values: draft
      ? withDefaults(ctx.questionnaire, draft.data as Partial<SurveyValues>)
      : (submitted ?? withDefaults(ctx.questionnaire, null)),
    hasDraft: Boolean(draft),
  };
}

export type SaveDraftResult = { saved: true; version: number } | { saved: false; conflict: true; version: number; values: SurveyValues };

/**
 * Save a draft if nobody saved over it since `baseVersion` (two tabs, two devices). On a conflict
 * the caller gets the other save back to merge, so neither tab's answers are silently lost.
 */
export async function saveDraft(db: Executor, ctx: SurveyContext, rawValues: unknown, baseVersion: number): Promise<SaveDraftResult> {
  const parsed = draftSchema(ctx.questionnaire).safeParse(rawValues);
  if (!parsed.success) throw new AppError("invalid_input", "Some answers could not be saved: please check them.");
  const values = parsed.data;
  return db.transaction(async (tx) => {
    await lockOpenInvitation(tx, ctx, new Date());
    const written =
      baseVersion === 0
        ? await tx
            .insert(surveyDrafts)
            .values({ invitationId: ctx.invitationId, organisationId: ctx.organisationId, data: values, version: 1 })
            .onConflictDoNothing()
            .returning({ version: surveyDrafts.version })
        : await tx
            .update(surveyDrafts)
            .set({ data: values, version: sql`${surveyDrafts.version} + 1`, updatedAt: new Date() })
            .where(and(eq(surveyDrafts.invitationId, ctx.invitationId), eq(surveyDrafts.version, baseVersion)))
            .returning({ version: surveyDrafts.version });
    if (written[0]) return { saved: true as const, version: written[0].version };
    const [current] = await tx.select().from(surveyDrafts).where(eq(surveyDrafts.invitationId, ctx.invitationId));
    return {
      saved: false as const,
      conflict: true as const,
      version: current?.version ?? 0,
      values: withDefaults(ctx.questionnaire, (current?.data ?? null) as Partial<SurveyValues> | null),
    };
  });
}

export type SubmitOutcome = "submitted" | "revised" | "already_submitted";

/**
 * Submit exactly once. The invitation row is locked for the transaction, so double clicks, two
 * tabs, retries or twenty concurrent requests serialise, and the unique invitation_id on responses
 * backs it up. A "first" submit after one already landed changes nothing; a "revision" replaces
 * the answers in place (same response, never a second one).
 */
export async function submitResponse(
  db: Executor,
  ctx: SurveyContext,
  rawValues: unknown,
  mode: "first" | "revision",
  now = new Date(),
): Promise<SubmitOutcome> {
  const parsed = responseSchema(ctx.questionnaire).safeParse(rawValues);
  if (!parsed.success) {
    throw new AppError("invalid_input", "Some answers are missing or not valid.", fieldErrors(parsed.error));
  }
  const values = parsed.data;
  const answerRows = Object.entries(values.answers).map(([field, value]) => ({
    item_key: itemKeyOf(field),
    score: value === NOT_OBSERVED ? null : Number(value),
  }));
  const noteRows = [
    ...Object.entries(values.comments).map(([topic, body]) => ({ topic, body: body ?? "" })),
    { topic: "keep_doing", body: values.keep_doing ?? "" },
    { topic: "develop", body: values.develop ?? "" },
  ]
    .map((n) => ({ ...n, body: n.body.trim() }))
    .filter((n) => n.body.length > 0);
  // One statement: submit_response (drizzle/0006_submit_response.sql) locks, checks and writes in
  // a transaction of its own, so a submit is two round trips in all, the survey context included.
  const [row] = await rowsOf<{ outcome: SubmitOutcome | "closed" }>(
    db,
    sql`select submit_response(${ctx.invitationId}::uuid, ${ctx.requestId}::uuid, ${ctx.cycleId}::uuid, ${ctx.organisationId}::uuid,
                               ${ctx.group}::answer_group, ${mode === "revision"}::boolean, ${now.toISOString()}::timestamptz,
                               ${JSON.stringify(answerRows)}::jsonb, ${JSON.stringify(noteRows)}::jsonb) as outcome`,
  );
  if (!row || row.outcome === "closed") throw closedError();
  return row.outcome;
}

function fieldErrors(error: import("zod").ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) (out[issue.path.join(".") || "_form"] ??= []).push(issue.message);
  return out;
}

/** Decline with an optional reason category. Counted as declined; the reason is never shown to the subject. */
export async function declineInvitation(db: Executor, ctx: SurveyContext, reason: string | undefined): Promise<void> {
  if (ctx.group === "self") throw new AppError("invalid_input", "A self-assessment cannot be declined.");
  return db.transaction(async (tx) => {
    await lockOpenInvitation(tx, ctx, new Date());
    const updated = await tx
      .update(invitations)
      .set({ status: "declined", declineReason: reason ?? null })
      .where(and(eq(invitations.id, ctx.invitationId), eq(invitations.status, "sent")))
      .returning({ id: invitations.id });
    if (updated.length === 0) {
      if (ctx.invitationStatus === "responded") {
        throw new AppError("conflict", "You have already given your feedback. You can revise it instead, until the feedback closes.");
      }
      if (ctx.invitationStatus === "declined") return;
      throw closedError();
    }
    await tx.delete(surveyDrafts).where(eq(surveyDrafts.invitationId, ctx.invitationId));
  });
}
