import { and, eq, inArray, sql } from "drizzle-orm";
import type { Transaction } from "@/lib/db";
import {
  answers,
  comments,
  feedbackRequests,
  invitationReminders,
  invitations,
  invitationTokens,
  responses,
  surveyDrafts,
} from "@/lib/db/schema";
import { classifyGroups, isAttributed, type GroupCounts } from "@/lib/report/classify";
import type { StoredGroup } from "@/lib/report/types";
import { progressByGroup } from "@/lib/requests/progress";

/**
 * Closing destroys every link between a rater and their answers. Before: a response points at its
 * invitation (for drafts, exactly-once submit and revisions). After:
 *   - per-group counts (invited, responded; no declines) are frozen on the request, and every invitation's status goes back to
 *     plain "sent" (no "responded", no "declined", no reminder or decline trail);
 *   - links, drafts and reminder records are deleted;
 *   - anonymous groups under the threshold are relabelled "pooled" (so even the database does not
 *     say which small group an answer came from), and comments of groups under the comment
 *     threshold are deleted (they are never shown);
 *   - responses, answers and comments are rewritten under new random ids, in random order, with
 *     no timestamps, and the originals deleted: no id, order or time matches a rater any more;
 *   - once the report is released, the raw rows are deleted altogether (see release.ts).
 * Runs inside the caller's transaction.
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

  const ids = sql.join(
    requestIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const counted = await tx
    .select({ requestId: responses.requestId, group: responses.raterGroup, n: sql<number>`count(*)`.mapWith(Number) })
    .from(responses)
    .where(inArray(responses.requestId, requestIds))
    .groupBy(responses.requestId, responses.raterGroup);
  const byRequest = new Map<string, GroupCounts>();
  for (const row of counted) {
    const counts = byRequest.get(row.requestId) ?? {};
    counts[row.group as StoredGroup] = row.n;
    byRequest.set(row.requestId, counts);
  }
  for (const [requestId, counts] of byRequest) {
    const classes = classifyGroups(counts, thresholds.threshold);
    for (const group of Object.keys(counts) as StoredGroup[]) {
      const n = counts[group]!;
      const anonymous = !isAttributed(group, counts);
      if ((classes[group] === "pooled" || classes[group] === "hidden") && group !== "pooled") {
        await tx
          .update(responses)
          .set({ raterGroup: "pooled" })
          .where(and(eq(responses.requestId, requestId), eq(responses.raterGroup, group)));
        await tx
          .update(answers)
          .set({ raterGroup: "pooled" })
          .where(and(eq(answers.requestId, requestId), eq(answers.raterGroup, group)));
      }
      if (anonymous && n < thresholds.commentThreshold) {
        await tx.delete(comments).where(and(eq(comments.requestId, requestId), eq(comments.raterGroup, group)));
      }
    }
  }

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
}
