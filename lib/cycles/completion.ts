import { and, asc, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import type { HrViewer } from "@/lib/auth/permissions";
import { getDb, type Executor } from "@/lib/db";
import { feedbackRequests, invitations, people, teams } from "@/lib/db/schema";
import { earlyReleaseBlocker, publishedResponses, shownCompletion, type ShownCompletion } from "@/lib/report/progress";
import { progressByGroup, rawProgress, shownProgress, type ShownProgress } from "@/lib/requests/progress";
import { formOf, loadCycle, subjectsInScope } from "./admin";
import { earlierPromises } from "@/lib/reports/promises";
import { isEarlyRelease } from "@/lib/lifecycle";

export interface SubjectCompletion {
  requestId: string;
  name: string;
  team: string | null;
  status: "nominating" | "awaiting_approval" | "collecting" | "closed" | "released";
  /** Per group, only what may be shown (an anonymous group: reached k or not). */
  progress: ShownProgress[];
  selfDone: boolean;
  /** Null when HR may release this report now (early, or after close); else why not. */
  releaseBlocked: string | null;
}

export interface TeamCompletion {
  team: string;
  subjects: number;
  completion: ShownCompletion;
}

/**
 * Completion of a cycle for HR. Counts only as totals over the cycle and over each team, only of
 * closed requests and only over two of them and k responses (shownCompletion); per request, the
 * same view the subject has (each anonymous group: reached k or not). Never who answered, never
 * declines.
 */
export async function getCycleAdminPage(viewer: HrViewer, cycleId: string) {
  const db = await getDb();
  const cycle = await loadCycle(db, viewer.organisation.id, cycleId);
  const rows = await db
    .select({
      requestId: feedbackRequests.id,
      status: feedbackRequests.status,
      finalProgress: feedbackRequests.finalProgress,
      name: people.name,
      team: teams.name,
    })
    .from(feedbackRequests)
    .innerJoin(people, eq(people.id, feedbackRequests.subjectPersonId))
    .leftJoin(teams, eq(teams.id, people.teamId))
    .where(and(eq(feedbackRequests.cycleId, cycle.id), eq(feedbackRequests.organisationId, viewer.organisation.id)))
    .orderBy(asc(people.name));
  const live = await progressByGroup(
    db,
    viewer.organisation.id,
    rows.map((r) => r.requestId),
  );
  const threshold = cycle.threshold;
  // Each person's groups are judged at the k their report will run at (lib/reports/promises.ts).
  const promised = await earlierPromises(
    db,
    viewer.organisation.id,
    rows.map((r) => r.requestId),
  );
  // Raw counts stay in this function: only shownProgress of them leaves it.
  const raw = rows.map((r) => rawProgress(r.finalProgress, live.get(r.requestId)));
  // "Release early" is offered exactly where the release would succeed: the same rule, on the
  // same shown progress (lib/report/progress.ts, earlyReleaseBlocker).
  const blocked = (r: (typeof rows)[number], progress: ShownProgress[], k: number) => {
    if (r.status === "released") return "Already released.";
    if (!isEarlyRelease(r)) return null;
    return earlyReleaseBlocker(progress, k);
  };
  const subjects: SubjectCompletion[] = rows.map((r, i) => {
    const k = Math.max(threshold, promised.get(r.requestId) ?? 0);
    const progress = shownProgress(raw[i]!, k);
    return {
      requestId: r.requestId,
      name: r.name,
      team: r.team,
      status: r.status,
      progress,
      selfDone: raw[i]!.some((p) => p.group === "self" && p.responded > 0),
      releaseBlocked: blocked(r, progress, k),
    };
  });
  const completion = (await completionOfCycles(db, viewer.organisation.id, [cycle])).get(cycle.id)!;
  return {
    cycle,
    form: formOf(cycle),
    subjects,
    /** A draft's people in scope by name (launch names whom it e-mails), in name order. */
    inScope:
      cycle.status === "draft"
        ? (await subjectsInScope(db, viewer.organisation.id, cycle.scope)).map((p) => p.name)
        : subjects.map((s) => s.name),
    overall: completion.overall,
    teams: completion.teams,
    notNominated: subjects.filter((s) => s.status === "nominating"),
  };
}

export type CycleAdminPage = Awaited<ReturnType<typeof getCycleAdminPage>>;

export interface CycleCompletion {
  /** Raters other than self over the whole cycle, only where that total may be shown. */
  overall: ShownCompletion;
  /** The same per team of the person being rated (their team today), by team name. */
  teams: TeamCompletion[];
}

/**
 * THE completion figures of cycles, for HR only: the HR home, the cycles list and the cycle page
 * all read them from here, so no two screens can count differently (issue 21: "14 of 37" on one
 * screen, "24 of 37" on another). Per request: raters other than self whose answers its report
 * publishes (publishedResponses: a group too small even for the pool counts none), from the counts
 * frozen at close once there are some, and before that only how many were invited (answers to a request
 * still open are never counted: shownCompletion, lib/report/progress.ts). Raw sums stay in here;
 * only shownCompletion of them leaves.
 */
export async function completionOfCycles(
  db: Executor,
  organisationId: string,
  of: readonly { id: string; threshold: number }[],
): Promise<Map<string, CycleCompletion>> {
  const result = new Map<string, CycleCompletion>();
  if (of.length === 0) return result;
  const ids = of.map((c) => c.id);
  const rows = await db
    .select({
      id: feedbackRequests.id,
      cycleId: feedbackRequests.cycleId,
      finalProgress: feedbackRequests.finalProgress,
      team: teams.name,
    })
    .from(feedbackRequests)
    .innerJoin(people, eq(people.id, feedbackRequests.subjectPersonId))
    .leftJoin(teams, eq(teams.id, people.teamId))
    .where(and(eq(feedbackRequests.organisationId, organisationId), inArray(feedbackRequests.cycleId, ids)));
  // Open requests: only how many invitations went out (the subject chose that), one grouped query.
  const liveInvited = await db
    .select({ requestId: invitations.requestId, n: sql<number>`count(*)`.mapWith(Number) })
    .from(invitations)
    .innerJoin(feedbackRequests, eq(feedbackRequests.id, invitations.requestId))
    .where(
      and(
        eq(invitations.organisationId, organisationId),
        inArray(feedbackRequests.cycleId, ids),
        isNull(feedbackRequests.finalProgress),
        ne(invitations.raterGroup, "self"),
        inArray(invitations.status, ["sent", "responded", "declined"]),
      ),
    )
    .groupBy(invitations.requestId);
  const invitedLive = new Map(liveInvited.map((r) => [r.requestId, r.n]));
  // Each closed request's answers at the k its report was judged at (lib/reports/promises.ts).
  const promised = await earlierPromises(
    db,
    organisationId,
    rows.filter((r) => r.finalProgress !== null).map((r) => r.id),
  );
  const thresholdOf = new Map(of.map((c) => [c.id, c.threshold]));
  const perRequest = rows.map((r) => {
    if (r.finalProgress === null) return { ...r, invited: invitedLive.get(r.id) ?? 0, responded: 0, closed: false };
    const others = r.finalProgress.filter((p) => p.group !== "self");
    const k = Math.max(thresholdOf.get(r.cycleId)!, promised.get(r.id) ?? 0);
    return {
      ...r,
      invited: others.reduce((a, p) => a + p.invited, 0),
      responded: publishedResponses(r.finalProgress, k),
      closed: true,
    };
  });
  for (const cycle of of) {
    const mine = perRequest.filter((r) => r.cycleId === cycle.id);
    const byTeam = new Map<string, typeof mine>();
    for (const r of mine) byTeam.set(r.team ?? "No team", [...(byTeam.get(r.team ?? "No team") ?? []), r]);
    result.set(cycle.id, {
      overall: shownCompletion(mine, cycle.threshold),
      teams: [...byTeam]
        .map(([team, list]) => ({ team, subjects: list.length, completion: shownCompletion(list, cycle.threshold) }))
        .sort((a, b) => a.team.localeCompare(b.team)),
    });
  }
  return result;
}
