import { and, eq, isNull } from "drizzle-orm";
import { loadRequestFor, type ReportContext } from "@/lib/auth/permissions";
import type { Viewer } from "@/lib/auth/viewer";
import { getDb, type Executor } from "@/lib/db";
import { developmentPlans, people, planShares } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import { withoutLegacySpread } from "@/lib/report/gaps";
import type { ReportSnapshot } from "@/lib/report/types";

/**
 * Who may read or change a development plan, decided here and nowhere else. A plan is private to
 * its subject: only they change it, and only they read it unless they have shared it. Sharing adds
 * exactly one reader per share: the line manager frozen on the request (signed in, while the share
 * stands), or a coach through their link (loadPlanForCoach). HR, other managers, other subjects
 * and a line manager not shared with all get not-found, the same answer as for a plan that does
 * not exist, so nobody learns whether a plan exists.
 */

export type PlanNeed = "read" | "edit";
export type PlanReader = "subject" | "line_manager" | "coach";
export type PlanRow = typeof developmentPlans.$inferSelect;

export interface PlanContext {
  request: ReportContext;
  /** The released report the plan grows from (frozen). */
  snapshot: ReportSnapshot;
  /** Null until the subject first saves focus areas. */
  plan: PlanRow | null;
  reader: PlanReader;
  /** The share a line manager reads through. */
  shareId: string | null;
}

const NOT_FOUND = "That development plan";
/** Matches no directory entry: a viewer without one has no share. */
const NO_PERSON = "00000000-0000-0000-0000-000000000000";

export async function loadPlanFor(viewer: Viewer, requestId: string, need: PlanNeed, db?: Executor): Promise<PlanContext> {
  const executor = db ?? (await getDb());
  let request;
  try {
    request = await loadRequestFor(viewer, requestId, "view", executor, { snapshot: true });
  } catch {
    throw notFound(NOT_FOUND);
  }
  // A plan grows from a released report only, and from a full one: a pulse asks about the focus
  // areas of the plan it follows up, on a change scale, so it is no ground for a plan of its own.
  if (request.request.status !== "released" || !request.snapshot?.data || request.cycle.kind === "pulse") throw notFound(NOT_FOUND);
  // One query whoever asks and whatever exists (the plan, whether the subject is still here, and
  // the viewer's own standing share), so a reader turned away cannot tell "no plan" from "a plan
  // not shared with you" by how long the answer took.
  const [row] = await executor
    .select({ plan: developmentPlans, subjectActive: people.active, shareId: planShares.id })
    .from(developmentPlans)
    .innerJoin(people, eq(people.id, developmentPlans.subjectPersonId))
    .leftJoin(
      planShares,
      and(
        eq(planShares.planId, developmentPlans.id),
        eq(planShares.audience, "line_manager"),
        eq(planShares.personId, viewer.person?.id ?? NO_PERSON),
        isNull(planShares.withdrawnAt),
      ),
    )
    .where(and(eq(developmentPlans.requestId, request.request.id), eq(developmentPlans.organisationId, viewer.organisation.id)))
    .limit(1);
  const snapshot = withoutLegacySpread(request.snapshot.data);
  if (request.access.isSubject) return { request, snapshot, plan: row?.plan ?? null, reader: "subject", shareId: null };
  // A subject who has left takes their plan with them, as from a coach's link (sharing.ts).
  if (need === "edit" || !row || !row.subjectActive || !request.access.isLineManager || !row.shareId) throw notFound(NOT_FOUND);
  return { request, snapshot, plan: row.plan, reader: "line_manager", shareId: row.shareId };
}
