import { and, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { HrViewer } from "@/lib/auth/permissions";
import type { Viewer } from "@/lib/auth/viewer";
import { addDaysIso, todayIso } from "@/lib/dates";
import { listTeams } from "@/lib/people/admin";
import type { ShownCompletion } from "@/lib/report/progress";
import { completionOfCycles } from "./completion";
import { DEFAULT_GROUP_LIMITS } from "@/lib/requests/limits";
import { getDb } from "@/lib/db";
import { cycles, feedbackRequests } from "@/lib/db/schema";

export interface CycleSummary {
  id: string;
  name: string;
  kind: (typeof cycles.$inferSelect)["kind"];
  status: "draft" | "open" | "closed" | "released";
  opensAt: Date;
  closesAt: Date;
  threshold: number;
  requests: number;
}

/** A cycle as HR sees it in lists: with its completion, from the one source all screens use. */
export interface HrCycleSummary extends CycleSummary {
  /** Raters other than self over the whole cycle, only where that total may be shown. */
  completion: ShownCompletion;
}

/** Every cycle of the organisation, for HR. */
export async function listOrganisationCycles(viewer: HrViewer): Promise<HrCycleSummary[]> {
  const db = await getDb();
  const summaries = await cycleSummaries(viewer.organisation.id);
  const completion = await completionOfCycles(db, viewer.organisation.id, summaries);
  return summaries.map((c) => ({ ...c, completion: completion.get(c.id)!.overall }));
}

/**
 * The cycles the viewer has a feedback request in (as the person being rated). No completion
 * totals: those are HR's (how many answered across other people's requests is not theirs to see).
 */
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
  const requestCounts = db
    .select({ cycleId: feedbackRequests.cycleId, requests: sql<number>`count(*)`.as("requests") })
    .from(feedbackRequests)
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
    })
    .from(cycles)
    .leftJoin(requestCounts, eq(requestCounts.cycleId, cycles.id))
    .where(scope)
    .orderBy(desc(cycles.opensAt));
  return rows.map((r) => ({ ...r, requests: Number(r.requests ?? 0) }));
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
      pulseAfterDays: 90,
    },
    teams: await teamsOf(viewer),
  };
}

/** The organisation's teams, for the cycle form's scope. */
export async function teamsOf(viewer: HrViewer) {
  return listTeams(await getDb(), viewer.organisation.id);
}
