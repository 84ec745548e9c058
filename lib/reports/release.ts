import { createHmac } from "node:crypto";
import { and, eq, inArray, isNull, lte, ne } from "drizzle-orm";
import type { Executor, Transaction } from "@/lib/db";
import { answers, comments, cycles, feedbackRequests, invitations, people, reportSnapshots, responses } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import {
  isEarlyRelease,
  isRequestReleased,
  mayCloseCycle,
  mayReleaseCycle,
  OPEN_CYCLE_STATUS,
  OPEN_REQUEST_STATUSES,
} from "@/lib/lifecycle";
import { earlyReleaseBlocker, shownProgress } from "@/lib/report/progress";
import { progressByGroup } from "@/lib/requests/progress";
import { buildReport } from "@/lib/report/build-report";
import { releaseRecord, type Populations, type ReleaseRecord } from "@/lib/report/history";
import { normaliseMailbox } from "@/lib/report/mailbox";
import type { PublishedCells } from "@/lib/report/team";
import type { ReportInput, ReportSnapshot, ResponseInput } from "@/lib/report/types";
import { scrubLinks, unlinkRequests } from "./close";
import { joinSubjectLedger } from "@/lib/requests/subject-ledger";
import { earlierPromises, promisedThresholdFor } from "./promises";

/**
 * Closing and releasing. A report exists only after its request is closed: when the cycle closes
 * (by HR or at the close date), or when HR releases one subject early, which closes that
 * subject's links at that moment. Release computes the report once, from unlinked rows, stores
 * it as one snapshot (its "others" cells copied onto the same row for dashboards, the one published
 * store), and deletes the raw answers; nothing recomputes a stored snapshot.
 */

export interface Actor {
  userId: string | null;
  organisation: { id: string };
}

/**
 * The organisation's cycle, locked for the caller's transaction (null if it is not theirs). Lock
 * order everywhere: cycle, then request; launch, extend, close and release all take it first.
 */
export async function lockCycle(tx: Transaction, organisationId: string, cycleId: string) {
  const [cycle] = await tx
    .select()
    .from(cycles)
    .where(and(eq(cycles.id, cycleId), eq(cycles.organisationId, organisationId)))
    .for("update");
  return cycle ?? null;
}

/** Close a cycle: no more answers, every rater link destroyed. Idempotent. */
export async function closeCycle(
  db: Executor,
  organisationId: string,
  cycleId: string,
  now = new Date(),
): Promise<"closed" | "already_closed"> {
  let unlinked: string[] = [];
  const outcome = await db.transaction(async (tx) => {
    const cycle = await lockCycle(tx, organisationId, cycleId);
    if (!cycle) throw new AppError("not_found", "That cycle does not exist.");
    if (!mayCloseCycle(cycle)) return "already_closed";
    await tx.update(cycles).set({ status: "closed", closedAt: now }).where(eq(cycles.id, cycle.id));
    const open = await tx
      .select({ id: feedbackRequests.id })
      .from(feedbackRequests)
      .where(and(eq(feedbackRequests.cycleId, cycle.id), inArray(feedbackRequests.status, [...OPEN_REQUEST_STATUSES])));
    unlinked = open.map((r) => r.id);
    await unlinkRequests(tx, organisationId, unlinked, cycle);
    await tx
      .update(feedbackRequests)
      .set({ status: "closed" })
      .where(and(eq(feedbackRequests.cycleId, cycle.id), ne(feedbackRequests.status, "released")));
    return "closed" as const;
  });
  // In a transaction of its own, once the answers are written (see unlinkRequests).
  await scrubLinks(db, unlinked);
  return outcome;
}

/** Who was invited behind a report, per rater group: each invitee as a list of aliases. */
type Invitees = Partial<Record<string, string[][]>>;

/** The placeholder an erasure leaves on a person's invitations names their (opaque) entry. */
const ERASED = /^erased-([0-9a-f-]{36})(?:\.[0-9a-z]+)?@erased\.invalid$/;

/** A keyed hash of a normalised mailbox: matches a rater across entries, holds no address. */
function mailboxAlias(email: string): string {
  return `mail:${createHmac("sha256", env().authSecret)
    .update(`ledger:${normaliseMailbox(email)}`)
    .digest("hex")
    .slice(0, 32)}`;
}

/**
 * Who was invited in requests, per group, as aliases of the person: their directory entry (which
 * survives a change of address and an erasure), the directory entry their mailbox belongs to, and
 * a keyed hash of the mailbox (which survives a new entry for the same person).
 */
async function inviteesOf(tx: Transaction, requestIds: string[]): Promise<Map<string, Invitees>> {
  const out = new Map<string, Invitees>(requestIds.map((id) => [id, {}]));
  if (requestIds.length === 0) return out;
  const rows = await tx
    .select({
      requestId: invitations.requestId,
      organisationId: invitations.organisationId,
      group: invitations.raterGroup,
      email: invitations.raterEmail,
      personId: invitations.raterPersonId,
    })
    .from(invitations)
    // Everyone an invitation may have reached (revoked ones too: they may have answered before;
    // "not sent" too: a link can have gone out before a later attempt failed). A superset is safe.
    .where(and(inArray(invitations.requestId, requestIds), inArray(invitations.status, ["sent", "responded", "declined", "not_sent"])));
  // Directory entries only for raters invited by address (the others name theirs): reading a whole
  // directory of 10,000 people held a release 100 ms (bench).
  const organisations = [...new Set(rows.map((r) => r.organisationId))];
  const byAddress = [...new Set(rows.filter((r) => !r.personId).flatMap((r) => [r.email, normaliseMailbox(r.email)]))];
  const directory =
    organisations.length && byAddress.length
      ? await tx
          .select({ id: people.id, email: people.email })
          .from(people)
          .where(and(inArray(people.organisationId, organisations), inArray(people.email, byAddress)))
      : [];
  const byMailbox = new Map(directory.map((p) => [normaliseMailbox(p.email), p.id]));
  for (const r of rows) {
    const invitees = out.get(r.requestId)! as Record<string, string[][]>;
    const erased = ERASED.exec(r.email)?.[1];
    const person = r.personId ?? erased ?? byMailbox.get(normaliseMailbox(r.email));
    const aliases = [...(person ? [`person:${person}`] : []), ...(erased ? [] : [mailboxAlias(r.email)])];
    (invitees[r.group] ??= []).push(aliases);
  }
  return out;
}

/**
 * One key per person across all these reports: aliases that ever stood for the same invitee are
 * joined (union-find), so an entry, an address and a re-hire are one rater to the ledger.
 */
function keysAcross(all: Invitees[]): (aliases: string[]) => string {
  const parent = new Map<string, string>();
  const find = (a: string): string => {
    let root = a;
    while (parent.get(root) !== undefined && parent.get(root) !== root) root = parent.get(root)!;
    parent.set(a, root);
    return root;
  };
  for (const invitees of all)
    for (const list of Object.values(invitees))
      for (const aliases of list ?? []) {
        for (const a of aliases) if (!parent.has(a)) parent.set(a, a);
        for (const a of aliases.slice(1)) parent.set(find(a), find(aliases[0]!));
      }
  return (aliases) => (aliases.length ? find(aliases[0]!) : `unknown:${crypto.randomUUID()}`);
}

function populationsFrom(invitees: Invitees, key: (aliases: string[]) => string): Populations {
  return Object.fromEntries(Object.entries(invitees).map(([group, list]) => [group, (list ?? []).map(key)])) as Populations;
}

/**
 * The ledger of what has been published about a person: every earlier released report of theirs,
 * in any cycle and under any directory entry that stood for them (lib/requests/subject-ledger.ts),
 * with who was invited to it (frozen at its release; read from the invitations for reports
 * released before that). Release checks the new report against it.
 */
async function ledgerFor(
  tx: Transaction,
  organisationId: string,
  subjectLedger: string,
  exceptRequestId: string,
  now: Invitees,
): Promise<{ earlier: ReleaseRecord[]; populations: Populations }> {
  const earlier = await tx
    .select({ requestId: reportSnapshots.requestId, data: reportSnapshots.data, raterKeys: reportSnapshots.raterKeys })
    .from(reportSnapshots)
    .innerJoin(feedbackRequests, eq(feedbackRequests.id, reportSnapshots.requestId))
    .where(
      and(
        eq(reportSnapshots.organisationId, organisationId),
        eq(feedbackRequests.subjectLedger, subjectLedger),
        ne(reportSnapshots.requestId, exceptRequestId),
      ),
    );
  const computed = await inviteesOf(
    tx,
    earlier.filter((e) => !e.raterKeys).map((e) => e.requestId),
  );
  const before = earlier.map((e) => ({ ...e, invitees: e.raterKeys ?? computed.get(e.requestId)! }));
  const key = keysAcross([now, ...before.map((b) => b.invitees)]);
  // Requests of the person not released yet published nothing to combine with, but promised their
  // raters their cycle's k: the new report keeps it (a record with no blocks carries only that).
  const promised = (await earlierPromises(tx, organisationId, [exceptRequestId])).get(exceptRequestId) ?? null;
  return {
    earlier: [
      ...before.map((b) => releaseRecord(b.requestId, b.data, populationsFrom(b.invitees, key))),
      ...(promised === null ? [] : [{ requestId: "earlier-requests", threshold: promised, items: {} }]),
    ],
    populations: populationsFrom(now, key),
  };
}

async function reportInput(
  tx: Transaction,
  requestId: string,
  cycle: typeof cycles.$inferSelect,
  subjectName: string,
): Promise<ReportInput> {
  const rows = await tx
    .select({ responseId: answers.responseId, group: answers.raterGroup, itemKey: answers.itemKey, score: answers.score })
    .from(answers)
    .where(eq(answers.requestId, requestId));
  const byResponse = new Map<string, ResponseInput>();
  for (const r of rows) {
    const response = byResponse.get(r.responseId) ?? { group: r.group, answers: {} };
    response.answers[r.itemKey] = r.score;
    byResponse.set(r.responseId, response);
  }
  const notes = await tx
    .select({ group: comments.raterGroup, topic: comments.topic, body: comments.body })
    .from(comments)
    .where(eq(comments.requestId, requestId));
  return {
    questionnaire: cycle.questionnaire,
    threshold: cycle.threshold,
    commentThreshold: cycle.commentThreshold,
    subjectName,
    cycleName: cycle.name,
    responses: [...byResponse.values()],
    comments: notes,
  };
}

/**
 * Release one subject's report: once the cycle is closed, or early (closing that subject's links
 * now) when every anonymous group with answers already meets the threshold. Concurrent releases
 * produce one snapshot: the request row is locked and the snapshot is unique per request.
 */
export async function releaseReport(
  db: Executor,
  actor: Actor,
  requestId: string,
  now = new Date(),
): Promise<"released" | "already_released"> {
  let early = false;
  const outcome = await db.transaction(async (tx) => {
    // Lock order everywhere: cycle, then request (see lib/surveys/sql/lock_open_request.sql).
    const [parent] = await tx
      .select({ cycleId: feedbackRequests.cycleId })
      .from(feedbackRequests)
      .where(and(eq(feedbackRequests.id, requestId), eq(feedbackRequests.organisationId, actor.organisation.id)));
    if (!parent) throw new AppError("not_found", "That feedback request does not exist.");
    await lockCycle(tx, actor.organisation.id, parent.cycleId);
    const [row] = await tx
      .select({ request: feedbackRequests, subjectName: people.name, subjectEmail: people.email, teamId: people.teamId })
      .from(feedbackRequests)
      .innerJoin(people, eq(people.id, feedbackRequests.subjectPersonId))
      .where(and(eq(feedbackRequests.id, requestId), eq(feedbackRequests.organisationId, actor.organisation.id)))
      .for("update", { of: feedbackRequests });
    if (!row) throw new AppError("not_found", "That feedback request does not exist.");
    const request = row.request;
    if (isRequestReleased(request)) return "already_released" as const;
    const [cycle] = await tx.select().from(cycles).where(eq(cycles.id, request.cycleId));
    if (!cycle) throw new AppError("not_found", "That cycle does not exist.");
    // Join the ledger of any other entry for the same mailbox first (an address may have changed
    // since the request started): the promised k and the ledger below both read it.
    const { ledger } = await joinSubjectLedger(tx, request.organisationId, { id: request.subjectPersonId, email: row.subjectEmail });

    if (isEarlyRelease(request)) {
      // Early release: only when nothing that will be shown is under the threshold.
      const k = await promisedThresholdFor(tx, request, cycle.threshold);
      const live = (await progressByGroup(tx, request.organisationId, [request.id])).get(request.id) ?? [];
      const blocker = earlyReleaseBlocker(shownProgress(live, k), k);
      if (blocker) throw new AppError("conflict", blocker);
      await unlinkRequests(tx, request.organisationId, [request.id], cycle);
      early = true;
    }

    const input = await reportInput(tx, request.id, cycle, row.subjectName);
    const invitees = (await inviteesOf(tx, [request.id])).get(request.id)!;
    input.history = await ledgerFor(tx, request.organisationId, ledger, request.id, invitees);
    const snapshot = buildReport(input);
    await tx
      .insert(reportSnapshots)
      .values({
        organisationId: request.organisationId,
        requestId: request.id,
        cycleId: cycle.id,
        teamId: row.teamId,
        data: snapshot,
        othersCells: othersCells(publishedCells(snapshot)),
        raterKeys: invitees,
      })
      .onConflictDoNothing();
    // The report is frozen and nothing ever recomputes it: the raw answers go. Only what the
    // report publishes remains, so no later reader of the database can match anything to anyone.
    await tx.delete(comments).where(eq(comments.requestId, request.id));
    await tx.delete(responses).where(eq(responses.requestId, request.id)); // answers cascade
    await tx
      .update(feedbackRequests)
      .set({ status: "released", releasedAt: now, reportMailDue: true })
      .where(eq(feedbackRequests.id, request.id));
    await tx
      .update(cycles)
      .set({ firstReleasedAt: cycle.firstReleasedAt ?? now })
      .where(eq(cycles.id, cycle.id));
    const [unreleased] = await tx
      .select({ id: feedbackRequests.id })
      .from(feedbackRequests)
      .where(and(eq(feedbackRequests.cycleId, cycle.id), ne(feedbackRequests.status, "released")))
      .limit(1);
    if (!unreleased && cycle.status === "closed") await tx.update(cycles).set({ status: "released" }).where(eq(cycles.id, cycle.id));
    return "released" as const;
  });
  if (early) await scrubLinks(db, [requestId]);
  return outcome;
}

/** Release every closed request of a closed cycle (HR's "release all"). */
export async function releaseCycle(db: Executor, actor: Actor, cycleId: string, now = new Date()): Promise<number> {
  const [cycle] = await db
    .select()
    .from(cycles)
    .where(and(eq(cycles.id, cycleId), eq(cycles.organisationId, actor.organisation.id)));
  if (!cycle) throw new AppError("not_found", "That cycle does not exist.");
  if (!mayReleaseCycle(cycle)) throw new AppError("conflict", "Close the cycle before releasing all reports.");
  const closed = await db
    .select({ id: feedbackRequests.id })
    .from(feedbackRequests)
    .where(and(eq(feedbackRequests.cycleId, cycle.id), eq(feedbackRequests.status, "closed")));
  let released = 0;
  for (const r of closed) if ((await releaseReport(db, actor, r.id, now)) === "released") released++;
  return released;
}

/** For the job runner: close cycles whose close date has passed; personal and pulse cycles release at once. */
export async function closeDueCycles(db: Executor, now = new Date()): Promise<number> {
  const due = await db
    .select({ id: cycles.id, organisationId: cycles.organisationId, kind: cycles.kind })
    .from(cycles)
    .where(and(eq(cycles.status, OPEN_CYCLE_STATUS), lte(cycles.closesAt, now), isNull(cycles.closedAt)));
  let closed = 0;
  for (const c of due) {
    if ((await closeCycle(db, c.organisationId, c.id, now)) === "closed") closed++;
    // A person's own cycles (personal requests and follow-up pulses) have no HR to release them.
    if (c.kind === "personal" || c.kind === "pulse")
      await releaseCycle(db, { userId: null, organisation: { id: c.organisationId } }, c.id, now);
  }
  return closed;
}

/** The snapshot's shown cells as rows for dashboards. Exact sums: means are rounded, n is small. */
export function publishedCells(snapshot: ReportSnapshot) {
  return snapshot.items.flatMap((item) =>
    item.cells
      .filter((c) => c.status === "shown")
      .map((c) => ({ itemKey: item.key, raterGroup: c.group, n: c.n!, sum: Math.round(c.mean! * c.n!) })),
  );
}

/** The "others" cells among them, in the compact shape dashboards read from the snapshot row. */
export function othersCells(cells: ReturnType<typeof publishedCells>): PublishedCells["cells"] {
  return cells.filter((c) => c.raterGroup === "others").map((c) => [c.itemKey, c.n, c.sum]);
}
