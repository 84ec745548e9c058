import { and, eq, inArray, sql } from "drizzle-orm";
import type { Executor, Transaction } from "@/lib/db";
import {
  answers,
  ballots,
  comments,
  feedbackRequests,
  invitationReminders,
  invitations,
  invitationTokens,
  responses,
  sealedDrafts,
  surveyDrafts,
} from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { FINAL_REQUEST_STATUSES } from "@/lib/lifecycle";
import { cryptoShuffle } from "@/lib/report/build-report";
import { classifyGroups, isAttributed, type GroupCounts } from "@/lib/report/classify";
import type { StoredGroup } from "@/lib/report/types";
import { progressByGroup } from "@/lib/requests/progress";
import type { BallotContent } from "@/lib/surveys/responses";
import { requestKey, requestsWithKeys, shredRequestKeys, unseal } from "@/lib/surveys/sealing";

/**
 * Closing destroys every link between a rater and their answers. Before: answers exist only as
 * sealed ballots, under the request's key (ADR 7). At close, in the caller's transaction:
 *   - the ballots are opened, in one batch and in random order, into responses, answers and
 *     comments that name nobody; ballots and sealed drafts are deleted;
 *   - per-group counts (invited, responded; no declines) are frozen on the request, and every invitation's status goes back to
 *     plain "sent" (no "responded", no "declined", no reminder or decline trail);
 *   - links, drafts and reminder records are deleted;
 *   - anonymous groups under the threshold are relabelled "pooled" (so even the database does not
 *     say which small group an answer came from), and comments of groups under the comment
 *     threshold are deleted (they are never shown);
 *   - responses, answers and comments are rewritten under new random ids, in random order, with
 *     no timestamps, and the originals deleted: no id, order or time matches a rater any more;
 *   - once the report is released, the raw rows are deleted altogether (see release.ts).
 * Runs inside the caller's transaction. After it commits, the caller runs `scrubLinks`, in a
 * transaction of its own (so no record naming an invitation sits in the one that wrote the
 * answers), which also deletes the request keys.
 */
export async function unlinkRequests(
  tx: Transaction,
  organisationId: string,
  requestIds: string[],
  thresholds: { threshold: number; commentThreshold: number },
): Promise<void> {
  if (requestIds.length === 0) return;
  const progress = await progressByGroup(tx, organisationId, requestIds);
  for (const id of requestIds) {
    await tx
      .update(feedbackRequests)
      // Declines are not kept: a count of them could tell who declined.
      .set({ finalProgress: (progress.get(id) ?? []).map((p) => ({ ...p, declined: 0 })) })
      .where(eq(feedbackRequests.id, id));
  }

  // Who is in which group, counted over everything answered (sealed ballots, and responses from
  // before ballots): the classifier decides which groups are relabelled "pooled" and whose
  // comments go, before a single answer is written, so no log record ever holds an answer under
  // a small group's own label, or a comment that is never shown.
  const sealedCounts = await tx
    .select({ requestId: ballots.requestId, group: ballots.raterGroup, n: sql<number>`count(*)`.mapWith(Number) })
    .from(ballots)
    .where(inArray(ballots.requestId, requestIds))
    .groupBy(ballots.requestId, ballots.raterGroup);
  const legacyCounts = await tx
    .select({ requestId: responses.requestId, group: responses.raterGroup, n: sql<number>`count(*)`.mapWith(Number) })
    .from(responses)
    .where(inArray(responses.requestId, requestIds))
    .groupBy(responses.requestId, responses.raterGroup);
  const counted = [...sealedCounts, ...legacyCounts];
  const byRequest = new Map<string, GroupCounts>();
  for (const row of counted) {
    const counts = byRequest.get(row.requestId) ?? {};
    counts[row.group as StoredGroup] = (counts[row.group as StoredGroup] ?? 0) + row.n;
    byRequest.set(row.requestId, counts);
  }
  const fate = (requestId: string, group: StoredGroup) => {
    const counts = byRequest.get(requestId) ?? {};
    const kind = classifyGroups(counts, thresholds.threshold)[group];
    return {
      stored: (kind === "pooled" || kind === "hidden" ? "pooled" : group) as StoredGroup,
      commentsKept: isAttributed(group, counts) || (counts[group] ?? 0) >= thresholds.commentThreshold,
    };
  };

  await rewriteLegacyResponses(tx, requestIds, fate);
  await openBallots(tx, requestIds, fate);
}

/** Rows at a time when opened ballots are written: statements stay small on both drivers. */
const OPEN_CHUNK = 200;

/**
 * Open every ballot of these requests with the requests' keys, and write them as responses that
 * name nobody, in random order. A ballot whose key is gone cannot be opened: closing then fails
 * loudly and changes nothing, rather than losing answers.
 */
/**
 * Responses from before sealed ballots (they name their invitation while open): relabelled,
 * their small groups' comments dropped, and rewritten under new ids in random order, as close
 * always did. Nothing to do once every open request has only ballots.
 */
async function rewriteLegacyResponses(tx: Transaction, requestIds: string[], fate: Fate): Promise<void> {
  const legacy = await tx
    .selectDistinct({ requestId: responses.requestId, group: responses.raterGroup })
    .from(responses)
    .where(inArray(responses.requestId, requestIds));
  if (legacy.length === 0) return;
  for (const { requestId, group } of legacy) {
    const { stored, commentsKept } = fate(requestId, group as StoredGroup);
    if (stored !== group) {
      await tx
        .update(responses)
        .set({ raterGroup: stored })
        .where(and(eq(responses.requestId, requestId), eq(responses.raterGroup, group)));
      await tx
        .update(answers)
        .set({ raterGroup: stored })
        .where(and(eq(answers.requestId, requestId), eq(answers.raterGroup, group)));
    }
    if (!commentsKept) await tx.delete(comments).where(and(eq(comments.requestId, requestId), eq(comments.raterGroup, group)));
  }
  const ids = sql.join(
    requestIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  // Rewrite under new ids, in random order, without timestamps; then drop the originals.
  await tx.execute(sql`create temporary table response_rekey on commit drop as
    select id as old_id, gen_random_uuid() as new_id, random() as shuffle from responses where request_id in (${ids})`);
  await tx.execute(sql`insert into responses (id, organisation_id, request_id, rater_group, invitation_id, submitted_at)
    select m.new_id, r.organisation_id, r.request_id, r.rater_group, null, null
    from response_rekey m join responses r on r.id = m.old_id order by m.shuffle`);
  await tx.execute(sql`insert into answers (response_id, organisation_id, request_id, rater_group, item_key, score)
    select m.new_id, a.organisation_id, a.request_id, a.rater_group, a.item_key, a.score
    from response_rekey m join answers a on a.response_id = m.old_id order by m.shuffle, a.item_key`);
  await tx.execute(sql`insert into comments (id, organisation_id, request_id, response_id, rater_group, topic, body)
    select gen_random_uuid(), c.organisation_id, c.request_id, null, c.rater_group, c.topic, c.body
    from comments c where c.request_id in (${ids}) and c.response_id is not null order by random()`);
  // Cascades to the original answers and comments.
  await tx.execute(sql`delete from responses where id in (select old_id from response_rekey)`);
  // Dropped now, not only at commit: a caller's transaction may unlink more than once.
  await tx.execute(sql`drop table response_rekey`);
}

type Fate = (requestId: string, group: StoredGroup) => { stored: StoredGroup; commentsKept: boolean };

async function openBallots(tx: Transaction, requestIds: string[], fate: Fate): Promise<void> {
  const sealed = await tx
    .select({ requestId: ballots.requestId, organisationId: ballots.organisationId, group: ballots.raterGroup, sealed: ballots.sealed })
    .from(ballots)
    .where(inArray(ballots.requestId, requestIds));
  if (sealed.length === 0) {
    await tx.delete(sealedDrafts).where(inArray(sealedDrafts.requestId, requestIds));
    return;
  }
  const opened = cryptoShuffle(sealed).map((b) => {
    const key = requestKey(b.requestId, { create: false });
    if (!key) throw new AppError("unavailable", "A request's ballot key is missing, so its answers cannot be opened. Nothing was closed.");
    const { stored, commentsKept } = fate(b.requestId, b.group);
    const content = unseal<BallotContent>(key, b.sealed);
    // Written once, as it stays: new random id, final group, only comments that will be shown.
    return { ...b, group: stored, id: crypto.randomUUID(), content: { ...content, comments: commentsKept ? content.comments : [] } };
  });
  for (let i = 0; i < opened.length; i += OPEN_CHUNK) {
    const chunk = opened.slice(i, i + OPEN_CHUNK);
    await tx.insert(responses).values(
      chunk.map((b) => ({
        id: b.id,
        organisationId: b.organisationId,
        requestId: b.requestId,
        raterGroup: b.group,
        invitationId: null,
        submittedAt: null,
      })),
    );
    const answerRows = chunk.flatMap((b) =>
      b.content.answers.map((a) => ({
        responseId: b.id,
        organisationId: b.organisationId,
        requestId: b.requestId,
        raterGroup: b.group,
        itemKey: a.item_key,
        score: a.score,
      })),
    );
    if (answerRows.length) await tx.insert(answers).values(answerRows);
  }
  // Comments on their own random order, not a rater's together: two comments known to come from
  // one person say more about who than each alone.
  const commentRows = cryptoShuffle(
    opened.flatMap((b) =>
      b.content.comments.map((c) => ({
        organisationId: b.organisationId,
        requestId: b.requestId,
        // Detached from the response at once, as close leaves every comment.
        responseId: null,
        raterGroup: b.group,
        topic: c.topic,
        body: c.body,
      })),
    ),
  );
  for (let i = 0; i < commentRows.length; i += OPEN_CHUNK) await tx.insert(comments).values(commentRows.slice(i, i + OPEN_CHUNK));
  await tx.delete(ballots).where(inArray(ballots.requestId, requestIds));
  await tx.delete(sealedDrafts).where(inArray(sealedDrafts.requestId, requestIds));
}

/**
 * After a close has committed: every link a rater had goes (survey tokens, reminder records, old
 * drafts), every invitation returns to plain "sent", and the requests' keys are deleted, so no
 * tag or ciphertext left in an old log record can ever be opened or matched again. Idempotent:
 * the job runner repeats it for any closed request whose key a crash left behind.
 */
export async function scrubLinks(db: Executor, requestIds: string[]): Promise<void> {
  if (requestIds.length === 0) return;
  await db.transaction(async (tx) => {
    const invitationIds = tx.select({ id: invitations.id }).from(invitations).where(inArray(invitations.requestId, requestIds));
    await tx.delete(invitationTokens).where(inArray(invitationTokens.invitationId, invitationIds));
    await tx.delete(invitationReminders).where(inArray(invitationReminders.invitationId, invitationIds));
    await tx.delete(surveyDrafts).where(inArray(surveyDrafts.invitationId, invitationIds));
    // Every invitation of the request in one statement, whatever its state: a conditional update
    // would itself mark (in the rows' system columns) which ones had answered.
    await tx
      .update(invitations)
      .set({
        status: sql`case when ${invitations.status} in ('responded', 'declined') then 'sent'::invitation_status else ${invitations.status} end`,
        declineReason: null,
        lastRemindedAt: null,
        nextAttemptAt: null,
        sendError: null,
        sendAttempts: 0,
      })
      .where(inArray(invitations.requestId, requestIds));
  });
  shredRequestKeys(requestIds);
}

/**
 * Closed or released requests that still have a key on disk (a crash between close and scrub).
 * Only requests this database knows as closed: a key of a request it does not know may belong to
 * another database sharing the folder, and is left alone.
 */
export async function scrubLeftoverKeys(db: Executor): Promise<number> {
  const withKeys = requestsWithKeys();
  if (withKeys.length === 0) return 0;
  const done = await db
    .select({ id: feedbackRequests.id })
    .from(feedbackRequests)
    .where(and(inArray(feedbackRequests.id, withKeys), inArray(feedbackRequests.status, [...FINAL_REQUEST_STATUSES])));
  await scrubLinks(
    db,
    done.map((d) => d.id),
  );
  return done.length;
}
