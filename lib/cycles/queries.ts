import { and, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { HrViewer } from "@/lib/auth/permissions";
import type { Viewer } from "@/lib/auth/viewer";
import { addDaysIso, todayIso } from "@/lib/dates";
import { listTeams } from "@/lib/people/admin";
import { shownTotals, type ShownCompletion } from "@/lib/report/progress";
import { DEFAULT_GROUP_LIMITS } from "@/lib/requests/limits";
import { getDb } from "@/lib/db";
import { cycles, feedbackRequests, invitations } from "@/lib/db/schema";

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

/** Every cycle of the organisation, for HR. */
export async function listOrganisationCycles(viewer: HrViewer): Promise<CycleSummary[]> {
  return cycleSummaries(viewer.organisation.id);
}

/** The cycles the viewer has a feedback request in (as the person being rated). */
export async function listCycles(viewer: Viewer): Promise<CycleSummary[]> {
  if (!viewer.person) return [];
  const db = await getDb();
  const own = db
    .select({ id: feedbackRequests.cycleId })
    .from(feedbackRequests)
    .where(and(eq(feedbackRequests.organisationId, viewer.organisation.id), eq(feedbackRequests.subjectPersonId, viewer.person.id)));
  return cycleSummaries(viewer.organisation.id, inArray(cycles.id, own));
}

async function cycleSummaries(organisationId: string, only?: SQL): Promise<CycleSummary[]> {
  const db = await getDb();
  const scope = only ? and(eq(cycles.organisationId, organisationId), only)! : eq(cycles.organisationId, organisationId);
  // Per request: raters other than self, from the counts frozen at close once there are some
  // (close resets every invitation to plain "sent"), live before. Declines stay within "invited".
  const live = (status: string) =>
    sql`count(${invitations.id}) filter (where ${invitations.status} in (${sql.raw(status)}) and ${invitations.raterGroup} <> 'self')`;
  const frozen = (field: "invited" | "responded") =>
    sql`(select coalesce(sum((e->>${field})::int), 0) from jsonb_array_elements(${feedbackRequests.finalProgress}) e where e->>'group' <> 'self')`;
  // Answers only from closed requests' frozen counts: a live total moves with each answer, and a
  // personal request is a cycle of one (shownTotals, lib/report/progress.ts).
  const perRequest = db
    .select({
      cycleId: feedbackRequests.cycleId,
      closed: sql<boolean>`(${feedbackRequests.finalProgress} is not null)`.as("closed"),
      invited:
        sql<number>`case when ${feedbackRequests.finalProgress} is null then ${live("'sent', 'responded', 'declined'")} else ${frozen("invited")} end`.as(
          "invited",
        ),
      responded: sql<number>`case when ${feedbackRequests.finalProgress} is null then 0 else ${frozen("responded")} end`.as("responded"),
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
      requestsInvited: sql<number>`count(*) filter (where ${perRequest.invited} > 0 and ${perRequest.closed})`.as("requests_invited"),
      invited: sql<number>`coalesce(sum(${perRequest.invited}) filter (where ${perRequest.closed}), 0)`.as("invited"),
      invitedAll: sql<number>`sum(${perRequest.invited})`.as("invited_all"),
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
      invitedAll: requestCounts.invitedAll,
      responded: requestCounts.responded,
    })
    .from(cycles)
    .leftJoin(requestCounts, eq(requestCounts.cycleId, cycles.id))
    .where(scope)
    .orderBy(desc(cycles.opensAt));
  return rows.map(({ requestsInvited, invited, invitedAll, responded, ...r }) => ({
    ...r,
    requests: Number(r.requests ?? 0),
    // The raw sums stay here: only shownTotals of them leaves.
    completion: shownTotals(
      {
        requests: Number(requestsInvited ?? 0),
        invited: Number(invited ?? 0),
        responded: Number(responded ?? 0),
        invitedAll: Number(invitedAll ?? 0),
      },
      r.threshold,
    ),
  }));
}

/** Defaults for a new cycle: two weeks from today, k = the organisation's default. */
export async function newCycleDefaults(viewer: HrViewer) {
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

/** The organisation's teams, for the cycle form's scope. */
export async function teamsOf(viewer: HrViewer) {
  return listTeams(await getDb(), viewer.organisation.id);
}
