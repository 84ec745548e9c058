import { and, eq, isNull, sql } from "drizzle-orm";
import type { Executor, Transaction } from "@/lib/db";
import { rowsOf } from "@/lib/db/client";
import {
  answers,
  ballots,
  comments,
  cycles,
  feedbackRequests,
  invitations,
  organisations,
  people,
  responses,
  sealedDrafts,
  surveyDrafts,
} from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { Questionnaire } from "@/lib/framework";
import { mayAnswerInvitation } from "@/lib/lifecycle";
import type { RaterGroup } from "@/lib/report/groups";
import { draftSchema, itemKeyOf, NOT_OBSERVED, responseSchema, withDefaults, type SurveyValues } from "./schema";
import { surveyColumns } from "./columns";
import { ballotTag, draftTag, requestKey, seal, unseal } from "./sealing";

/**
 * The rater's side of an invitation: drafts, exactly-once submission, revisions, declining.
 * What a rater answers or drafts is stored only as a sealed ballot (lib/surveys/sealing.ts, ADR 7):
 * encrypted under the request's key, found by a tag only that key can compute, in a transaction
 * that names no invitation, e-mail or link. Ballots are opened at close (lib/reports/close.ts).
 * Responses submitted before sealed ballots (with an invitation id) are still honoured.
 */

export interface SurveyContext {
  invitationId: string;
  organisationId: string;
  requestId: string;
  cycleId: string;
  group: RaterGroup;
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
      ...surveyColumns,
      requestId: invitations.requestId,
      cycleId: feedbackRequests.cycleId,
      revokedAt: invitations.revokedAt,
      questionnaire: cycles.questionnaire,
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
  if (!row) return null;
  const cycle = { status: row.cycleStatus, closesAt: row.closesAt };
  if (!mayAnswerInvitation(cycle, { status: row.requestStatus }, { status: row.invitationStatus, revokedAt: row.revokedAt }, now))
    return null;
  return row;
}

function closedError() {
  return new AppError("closed", "This feedback has closed, so answers can no longer be saved.");
}

/** What a ballot holds: the rows close writes, with no rater identity. */
export interface BallotContent {
  answers: { item_key: string; score: number | null }[];
  comments: { topic: string; body: string }[];
}

/**
 * The request's ballot key, made on first use. If it is missing while ballots exist (the keys
 * folder was lost), nothing is written: a new key could not find earlier ballots, and a rater
 * could then answer twice.
 */
async function keyOf(db: Executor, ctx: SurveyContext): Promise<Buffer> {
  const existing = requestKey(ctx.requestId, { create: false });
  if (existing) return existing;
  const [sealed] = await rowsOf<{ one: number }>(
    db,
    sql`select 1 as one from ballots where request_id = ${ctx.requestId}::uuid
        union all select 1 from sealed_drafts where request_id = ${ctx.requestId}::uuid limit 1`,
  );
  if (sealed) {
    // Every ballot's key file was made before the ballot: a racing first submit may have just
    // made it, so read the folder once more before calling it lost.
    const made = requestKey(ctx.requestId, { create: false });
    if (made) return made;
    throw new AppError(
      "unavailable",
      "Answers to this feedback cannot be saved right now: its key is missing on the server. Nothing was changed; please tell the person who asked you.",
    );
  }
  return requestKey(ctx.requestId, { create: true })!;
}

/** Inside a transaction: answering is still allowed, and stays so until commit (sql/lock_open_request.sql). */
async function lockOpenRequest(tx: Transaction, ctx: SurveyContext, now: Date) {
  const [row] = await rowsOf<{ open: boolean }>(
    tx,
    sql`select lock_open_request(${ctx.requestId}::uuid, ${ctx.cycleId}::uuid, ${now.toISOString()}::timestamptz) as open`,
  );
  if (!row?.open) throw closedError();
}

function valuesOf(ctx: SurveyContext, content: BallotContent): SurveyValues {
  const notes = content.comments;
  return withDefaults(ctx.questionnaire, {
    answers: Object.fromEntries(
      content.answers.map((r) => [r.item_key.replace(".", "__"), r.score === null ? NOT_OBSERVED : (String(r.score) as "1")]),
    ),
    comments: Object.fromEntries(notes.filter((n) => n.topic !== "keep_doing" && n.topic !== "develop").map((n) => [n.topic, n.body])),
    keep_doing: notes.find((n) => n.topic === "keep_doing")?.body ?? "",
    develop: notes.find((n) => n.topic === "develop")?.body ?? "",
  });
}

/** A response submitted before sealed ballots, found by its invitation (read only). */
async function legacyResponse(db: Executor, ctx: SurveyContext): Promise<BallotContent | null> {
  const [response] = await db.select({ id: responses.id }).from(responses).where(eq(responses.invitationId, ctx.invitationId));
  if (!response) return null;
  const rows = await db
    .select({ item_key: answers.itemKey, score: answers.score })
    .from(answers)
    .where(eq(answers.responseId, response.id));
  const notes = await db.select({ topic: comments.topic, body: comments.body }).from(comments).where(eq(comments.responseId, response.id));
  return { answers: rows, comments: notes };
}

/** What to show in the form: the draft if there is one, else the submitted answers, else nothing. */
export async function loadSurveyState(db: Executor, ctx: SurveyContext) {
  const key = requestKey(ctx.requestId, { create: false });
  const [draft] = key
    ? await db
        .select()
        .from(sealedDrafts)
        .where(eq(sealedDrafts.tag, draftTag(key, ctx.invitationId)))
    : [];
  const [ballot] = key
    ? await db
        .select({ sealed: ballots.sealed })
        .from(ballots)
        .where(eq(ballots.tag, ballotTag(key, ctx.invitationId)))
    : [];
  const content = ballot ? unseal<BallotContent>(key!, ballot.sealed) : await legacyResponse(db, ctx);
  const [legacyDraft] = draft ? [] : await db.select().from(surveyDrafts).where(eq(surveyDrafts.invitationId, ctx.invitationId));
  const draftValues = draft ? unseal<Partial<SurveyValues>>(key!, draft.sealed) : legacyDraft ? legacyDraft.data : null;
  const submitted = content ? valuesOf(ctx, content) : null;
  return {
    submitted: Boolean(content),
    declined: ctx.invitationStatus === "declined",
    // A draft from before sealed drafts is saved afresh (version 0) and then moved.
    draftVersion: draft?.version ?? 0,
    values: draftValues ? withDefaults(ctx.questionnaire, draftValues) : (submitted ?? withDefaults(ctx.questionnaire, null)),
    hasDraft: Boolean(draftValues),
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
  const key = await keyOf(db, ctx);
  const tag = draftTag(key, ctx.invitationId);
  const sealed = seal(key, values);
  return db.transaction(async (tx) => {
    await lockOpenRequest(tx, ctx, new Date());
    const written =
      baseVersion === 0
        ? await tx
            .insert(sealedDrafts)
            .values({ tag, organisationId: ctx.organisationId, requestId: ctx.requestId, sealed, version: 1 })
            .onConflictDoNothing()
            .returning({ version: sealedDrafts.version })
        : await tx
            .update(sealedDrafts)
            .set({ sealed, version: sql`${sealedDrafts.version} + 1` })
            .where(and(eq(sealedDrafts.tag, tag), eq(sealedDrafts.version, baseVersion)))
            .returning({ version: sealedDrafts.version });
    if (written[0]) {
      if (baseVersion === 0) await tx.delete(surveyDrafts).where(eq(surveyDrafts.invitationId, ctx.invitationId));
      return { saved: true as const, version: written[0].version };
    }
    const [current] = await tx.select().from(sealedDrafts).where(eq(sealedDrafts.tag, tag));
    return {
      saved: false as const,
      conflict: true as const,
      version: current?.version ?? 0,
      values: withDefaults(ctx.questionnaire, current ? unseal<Partial<SurveyValues>>(key, current.sealed) : null),
    };
  });
}

export type SubmitOutcome = "submitted" | "revised" | "already_submitted";

/**
 * Submit exactly once. The ballot's tag is its primary key, so double clicks, two tabs, retries
 * or fifty concurrent requests make one ballot; a "first" submit after one landed changes nothing;
 * a "revision" replaces the ballot in place (never a second one).
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
  const content: BallotContent = {
    answers: Object.entries(values.answers).map(([field, value]) => ({
      item_key: itemKeyOf(field),
      score: value === NOT_OBSERVED ? null : Number(value),
    })),
    comments: [
      ...Object.entries(values.comments).map(([topic, body]) => ({ topic, body: body ?? "" })),
      { topic: "keep_doing", body: values.keep_doing ?? "" },
      { topic: "develop", body: values.develop ?? "" },
    ]
      .map((n) => ({ ...n, body: n.body.trim() }))
      .filter((n) => n.body.length > 0),
  };
  const key = await keyOf(db, ctx);
  // One statement: submit_ballot (sql/submit_ballot.sql) checks, writes and handles a response from before
  // sealed ballots in a transaction of its own, so a submit is two round trips in all, the survey
  // context included.
  const [row] = await rowsOf<{ outcome: SubmitOutcome | "closed" }>(
    db,
    sql`select submit_ballot(${ctx.invitationId}::uuid, ${ctx.requestId}::uuid, ${ctx.cycleId}::uuid, ${ctx.organisationId}::uuid,
                             ${ctx.group}::rater_group, ${ballotTag(key, ctx.invitationId)}, ${draftTag(key, ctx.invitationId)},
                             ${seal(key, content)}, ${mode === "revision"}::boolean, ${now.toISOString()}::timestamptz) as outcome`,
  );
  if (!row || row.outcome === "closed") throw closedError();
  return row.outcome;
}

function fieldErrors(error: import("zod").ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) (out[issue.path.join(".") || "_form"] ??= []).push(issue.message);
  return out;
}

/** Decline with an optional reason category. The reason is never shown to the subject. */
export async function declineInvitation(db: Executor, ctx: SurveyContext, reason: string | undefined): Promise<void> {
  if (ctx.group === "self") throw new AppError("invalid_input", "A self-assessment cannot be declined.");
  // Read only: whether this rater has a ballot is never written anywhere.
  const key = requestKey(ctx.requestId, { create: false });
  const [ballot] = key
    ? await db
        .select({ tag: ballots.tag })
        .from(ballots)
        .where(eq(ballots.tag, ballotTag(key, ctx.invitationId)))
    : [];
  if (ballot || (await legacyResponse(db, ctx))) {
    throw new AppError("conflict", "You have already given your feedback. You can revise it instead, until the feedback closes.");
  }
  if (ctx.invitationStatus === "declined") return;
  return db.transaction(async (tx) => {
    await lockOpenRequest(tx, ctx, new Date());
    const updated = await tx
      .update(invitations)
      .set({ status: "declined", declineReason: reason ?? null })
      .where(and(eq(invitations.id, ctx.invitationId), eq(invitations.status, "sent"), isNull(invitations.revokedAt)))
      .returning({ id: invitations.id });
    if (updated.length === 0) throw closedError();
    if (key) await tx.delete(sealedDrafts).where(eq(sealedDrafts.tag, draftTag(key, ctx.invitationId)));
    await tx.delete(surveyDrafts).where(eq(surveyDrafts.invitationId, ctx.invitationId));
  });
}
