import { and, eq } from "drizzle-orm";
import { canAddRaters, canRemoveRaters, loadRequestFor } from "@/lib/auth/permissions";
import type { Viewer } from "@/lib/auth/viewer";
import { getDb } from "@/lib/db";
import { invitations, responses } from "@/lib/db/schema";
import { listNominations, previewFor, suggestRaters } from "./nominations";
import { progressByGroup, rawProgress, shownProgress } from "./progress";
import { groupLimit, NOMINATED_GROUPS } from "./limits";

/** Everything the request page shows, for whoever may see it (throws not-found otherwise). */
export async function getRequestPage(viewer: Viewer, requestId: string, now = new Date()) {
  const db = await getDb();
  const ctx = await loadRequestFor(viewer, requestId, "view", db);
  const open = ctx.cycle.status === "open" && ctx.cycle.closesAt > now && !["closed", "released"].includes(ctx.request.status);
  const editable = open && canAddRaters(ctx.access, ctx.request);
  const removable = open && canRemoveRaters(ctx.access, ctx.request);
  const [nominations, progress, suggestions, self] = await Promise.all([
    listNominations(db, ctx),
    progressByGroup(db, ctx.request.organisationId, [ctx.request.id]),
    editable ? suggestRaters(db, ctx) : Promise.resolve([]),
    db
      .select({ responseId: responses.id })
      .from(invitations)
      .leftJoin(responses, eq(responses.invitationId, invitations.id))
      .where(and(eq(invitations.requestId, ctx.request.id), eq(invitations.raterGroup, "self"))),
  ]);
  return {
    ...ctx,
    open,
    editable,
    removable,
    nominations,
    preview: previewFor(ctx, nominations),
    // Only what may be shown: per anonymous group, whether it has reached k; no counts, no declines.
    progress: shownProgress(rawProgress(ctx.request.finalProgress, progress.get(ctx.request.id)), ctx.cycle.threshold),
    suggestions,
    selfDone: Boolean(self[0]?.responseId),
    limits: Object.fromEntries(NOMINATED_GROUPS.map((g) => [g, groupLimit(ctx.cycle.groupLimits, g)])),
  };
}

export type RequestPageData = Awaited<ReturnType<typeof getRequestPage>>;
