import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { assertHr } from "@/lib/auth/permissions";
import { hasRole, type Viewer } from "@/lib/auth/viewer";
import { addDaysIso, todayIso } from "@/lib/dates";
import { listTeams } from "@/lib/people/admin";
import { shownTotals, type ShownCompletion } from "@/lib/report/progress";
import { DEFAULT_GROUP_LIMITS } from "@/lib/requests/limits";
import { getDb } from "@/lib/db";
import { ballots, cycles, feedbackRequests, invitations, responses } from "@/lib/db/schema";

export interface CycleSummary {
  id: string;
  name: string;
  kind: "organisation" | "personal";
  status: "draft" | "open" | "closed" | "released";
  opensAt: Date;
  closesAt: Date;
  threshold: number;
  requests: number;
  /** Raters other than self over the whole cycle, only where that total may be shown. */
  completion: ShownCompletion;
}

/**
 * Cycles the viewer may see: HR sees every cycle of the organisation; anyone else sees the cycles
 * they have a feedback request in.
 */
export async function listCycles(viewer: Viewer): Promise<CycleSummary[]> {
  const db = await getDb();
  const organisationId = viewer.organisation.id;
  let scope = eq(cycles.organisationId, organisationId);
  if (!hasRole(viewer, "hr")) {
    if (!viewer.person) return [];
    const own = db
      .select({ id: feedbackRequests.cycleId })
      .from(feedbackRequests)
      .where(and(eq(feedbackRequests.organisationId, organisationId), eq(feedbackRequests.subjectPersonId, viewer.person.id)));
    scope = and(scope, inArray(cycles.id, own))!;
  }
  // Per request: raters other than self, from the counts frozen at close once there are some
  // (close resets every invitation to plain "sent"), live before. Declines stay within "invited".
  const live = (status: string) =>
    sql`count(${invitations.id}) filter (where ${invitations.status} in (${sql.raw(status)}) and ${invitations.raterGroup} <> 'self')`;
  const frozen = (field: "invited" | "responded") =>
    sql`(select coalesce(sum((e->>${field})::int), 0) from jsonb_array_elements(${feedbackRequests.finalProgress}) e where e->>'group' <> 'self')`;
  // Who answered is written nowhere (ADR 7): answers are the request's sealed ballots, plus
  // responses from before ballots that still name their invitation.
  const answered = sql`((select count(*) from ${ballots} b where b.request_id = ${feedbackRequests.id} and b.rater_group <> 'self')
    + (select count(*) from ${responses} r where r.request_id = ${feedbackRequests.id} and r.invitation_id is not null and r.rater_group <> 'self'))`;
  const perRequest = db
    .select({
      cycleId: feedbackRequests.cycleId,
      invited:
        sql<number>`case when ${feedbackRequests.finalProgress} is null then ${live("'sent', 'responded', 'declined'")} else ${frozen("invited")} end`.as(
          "invited",
        ),
      responded: sql<number>`case when ${feedbackRequests.finalProgress} is null then ${answered} else ${frozen("responded")} end`.as(
        "responded",
      ),
    })
    .from(feedbackRequests)
    .leftJoin(invitations, eq(invitations.requestId, feedbackRequests.id))
    .where(eq(feedbackRequests.organisationId, organisationId))
    .groupBy(feedbackRequests.id)
    .as("per_request");
  const requestCounts = db
    .select({
      cycleId: perRequest.cycleId,
      requests: sql<number>`count(*)`.as("requests"),
      requestsInvited: sql<number>`count(*) filter (where ${perRequest.invited} > 0)`.as("requests_invited"),
      invited: sql<number>`sum(${perRequest.invited})`.as("invited"),
      responded: sql<number>`sum(${perRequest.responded})`.as("responded"),
    })
    .from(perRequest)
    .groupBy(perRequest.cycleId)
    .as("request_counts");
  const rows = await db
    .select({
      id: cycles.id,
      name: cycles.name,
      kind: cycles.kind,
      status: cycles.status,
      opensAt: cycles.opensAt,
      closesAt: cycles.closesAt,
      threshold: cycles.threshold,
      requests: requestCounts.requests,
      requestsInvited: requestCounts.requestsInvited,
      invited: requestCounts.invited,
      responded: requestCounts.responded,
    })
    .from(cycles)
    .leftJoin(requestCounts, eq(requestCounts.cycleId, cycles.id))
    .where(scope)
    .orderBy(desc(cycles.opensAt));
  return rows.map(({ requestsInvited, invited, responded, ...r }) => ({
    ...r,
    requests: Number(r.requests ?? 0),
    // The raw sums stay here: a personal request is a cycle of one, so its total would be one
    // person's live count.
    completion: shownTotals(
      { requests: Number(requestsInvited ?? 0), invited: Number(invited ?? 0), responded: Number(responded ?? 0) },
      r.threshold,
    ),
  }));
}

/** Defaults for a new cycle: two weeks from today, k = the organisation's default. */
export async function newCycleDefaults(viewer: Viewer) {
  assertHr(viewer);
  const today = todayIso();
  const k = viewer.organisation.defaultThreshold;
  return {
    form: {
      name: "",
      opensOn: today,
      closesOn: addDaysIso(today, 14),
      threshold: k,
      commentThreshold: k,
      requiresApproval: false,
      limits: { ...DEFAULT_GROUP_LIMITS },
      scopeMode: "managers" as const,
      teamIds: [],
      customItems: [],
      shareWithLineManager: true,
      shareWithHr: true,
    },
    teams: await teamsOf(viewer),
  };
}

export async function teamsOf(viewer: Viewer) {
  return listTeams(await getDb(), viewer.organisation.id);
}
