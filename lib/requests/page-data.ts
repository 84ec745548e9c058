import { and, desc, eq, ne, sql } from "drizzle-orm";
import { canAddRaters, canRemoveRaters, loadRequestFor } from "@/lib/auth/permissions";
import type { Viewer } from "@/lib/auth/viewer";
import { getDb } from "@/lib/db";
import { ballots, cycles, feedbackRequests, invitations, reportSnapshots, responses } from "@/lib/db/schema";
import type { Database } from "@/lib/db";
import { mayChangeRaters } from "@/lib/lifecycle";
import { normaliseMailbox } from "@/lib/report/mailbox";
import { promisedThresholdFor } from "@/lib/reports/promises";
import { listNominations, previewFor, suggestRaters, type Nomination, type RequestContext } from "./nominations";
import { progressByGroup, rawProgress, shownProgress } from "./progress";
import { groupLimit, NOMINATED_GROUPS } from "./limits";

/** Everything the request page shows, for whoever may see it (throws not-found otherwise). */
export async function getRequestPage(viewer: Viewer, requestId: string, now = new Date()) {
  const db = await getDb();
  const ctx = await loadRequestFor(viewer, requestId, "view", db);
  const open = mayChangeRaters(ctx.cycle, ctx.request, now);
  const editable = open && canAddRaters(ctx.access, ctx.request);
  const removable = open && canRemoveRaters(ctx.access, ctx.request);
  const [nominations, progress, suggestions, self, threshold] = await Promise.all([
    listNominations(db, ctx),
    progressByGroup(db, ctx.request.organisationId, [ctx.request.id]),
    editable ? suggestRaters(db, ctx) : Promise.resolve([]),
    // The self-assessment is the subject's own and is shown as theirs: done once a ballot (or a
    // response from before ballots) exists in the self group.
    db
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(ballots)
      .where(and(eq(ballots.requestId, ctx.request.id), eq(ballots.raterGroup, "self")))
      .union(
        db
          .select({ n: sql<number>`count(*)`.mapWith(Number) })
          .from(responses)
          .where(and(eq(responses.requestId, ctx.request.id), eq(responses.raterGroup, "self"))),
      ),
    promisedThresholdFor(db, ctx.request, ctx.cycle.threshold),
  ]);
  // The preview and progress judge groups at the k the report will run at (lib/reports/promises.ts).
  const atK = { ...ctx, cycle: { ...ctx.cycle, threshold } };
  return {
    ...ctx,
    earlierOverlap: editable ? await earlierOverlap(db, ctx, nominations) : null,
    open,
    editable,
    removable,
    nominations,
    threshold,
    preview: previewFor(atK, nominations),
    // Only what may be shown: per anonymous group, whether it has reached k; no counts, no declines.
    progress: shownProgress(rawProgress(ctx.request.finalProgress, progress.get(ctx.request.id)), threshold),
    suggestions,
    selfDone: self.some((r) => r.n > 0),
    limits: Object.fromEntries(NOMINATED_GROUPS.map((g) => [g, groupLimit(ctx.cycle.groupLimits, g)])),
  };
}

export type RequestPageData = Awaited<ReturnType<typeof getRequestPage>>;

/**
 * How many of the raters nominated now were also invited to the person's most recent earlier
 * report (any cycle). Told before sending, because the ledger at release (lib/report/history.ts)
 * may then leave out a group whose answers could be compared with that report's.
 */
async function earlierOverlap(db: Database, ctx: RequestContext, nominations: Nomination[]) {
  const earlier = await db
    .select({ requestId: reportSnapshots.requestId, cycleName: cycles.name })
    .from(reportSnapshots)
    .innerJoin(feedbackRequests, eq(feedbackRequests.id, reportSnapshots.requestId))
    .innerJoin(cycles, eq(cycles.id, feedbackRequests.cycleId))
    .where(and(eq(feedbackRequests.subjectPersonId, ctx.subject.id), ne(feedbackRequests.id, ctx.request.id)))
    .orderBy(desc(reportSnapshots.createdAt))
    .limit(1);
  if (!earlier[0]) return null;
  const before = await db
    .select({ email: invitations.raterEmail })
    .from(invitations)
    .where(and(eq(invitations.requestId, earlier[0].requestId), ne(invitations.raterGroup, "self")));
  const mailboxes = new Set(before.map((b) => normaliseMailbox(b.email)));
  const shared = nominations.filter((n) => n.state !== "revoked" && mailboxes.has(normaliseMailbox(n.email))).length;
  return shared > 0 ? { cycleName: earlier[0].cycleName, shared } : null;
}
