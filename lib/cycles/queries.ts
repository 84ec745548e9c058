import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { assertHr } from "@/lib/auth/permissions";
import { hasRole, type Viewer } from "@/lib/auth/viewer";
import { addDaysIso, todayIso } from "@/lib/dates";
import { listTeams } from "@/lib/people/admin";
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
  invited: number;
  responded: number;
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
  const requestCounts = db
    .select({
      cycleId: feedbackRequests.cycleId,
      requests: sql<number>`count(distinct ${feedbackRequests.id})`.as("requests"),
      invited:
        sql<number>`count(${invitations.id}) filter (where ${invitations.status} in ('sent', 'responded', 'declined') and ${invitations.raterGroup} <> 'self')`.as(
          "invited",
        ),
      responded:
        sql<number>`count(${invitations.id}) filter (where ${invitations.status} = 'responded' and ${invitations.raterGroup} <> 'self')`.as(
          "responded",
        ),
    })
    .from(feedbackRequests)
    .leftJoin(invitations, eq(invitations.requestId, feedbackRequests.id))
    .where(eq(feedbackRequests.organisationId, organisationId))
    .groupBy(feedbackRequests.cycleId)
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
      invited: requestCounts.invited,
      responded: requestCounts.responded,
    })
    .from(cycles)
    .leftJoin(requestCounts, eq(requestCounts.cycleId, cycles.id))
    .where(scope)
    .orderBy(desc(cycles.opensAt));
  return rows.map((r) => ({
    ...r,
    requests: Number(r.requests ?? 0),
    invited: Number(r.invited ?? 0),
    responded: Number(r.responded ?? 0),
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
