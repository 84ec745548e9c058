import { and, asc, eq } from "drizzle-orm";
import type { HrViewer } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db";
import { feedbackRequests, people, teams } from "@/lib/db/schema";
import { shownCompletion, type ShownCompletion } from "@/lib/report/progress";
import { progressByGroup, rawProgress, shownProgress, totals, type ShownProgress } from "@/lib/requests/progress";
import { formOf, loadCycle, subjectsInScope } from "./admin";
import { earlierPromises } from "@/lib/reports/promises";

export interface SubjectCompletion {
  requestId: string;
  name: string;
  team: string | null;
  status: "nominating" | "awaiting_approval" | "collecting" | "closed" | "released";
  /** Per group, only what may be shown (an anonymous group: reached k or not). */
  progress: ShownProgress[];
  selfDone: boolean;
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
  // Raw totals stay in this function: only shownCompletion of them leaves it.
  const raw = rows.map((r) => rawProgress(r.finalProgress, live.get(r.requestId)));
  const subjects: SubjectCompletion[] = rows.map((r, i) => ({
    requestId: r.requestId,
    name: r.name,
    team: r.team,
    status: r.status,
    progress: shownProgress(raw[i]!, Math.max(threshold, promised.get(r.requestId) ?? 0)),
    selfDone: raw[i]!.some((p) => p.group === "self" && p.responded > 0),
  }));
  const byTeam = new Map<string, { totals: { invited: number; responded: number; closed: boolean }[]; subjects: number }>();
  const closed = (i: number) => rows[i]!.finalProgress !== null;
  rows.forEach((r, i) => {
    const key = r.team ?? "No team";
    const t = byTeam.get(key) ?? { totals: [], subjects: 0 };
    t.totals.push({ ...totals(raw[i]!), closed: closed(i) });
    t.subjects += 1;
    byTeam.set(key, t);
  });
  const teamRows: TeamCompletion[] = [...byTeam]
    .map(([team, t]) => ({ team, subjects: t.subjects, completion: shownCompletion(t.totals, threshold) }))
    .sort((a, b) => a.team.localeCompare(b.team));
  return {
    cycle,
    form: formOf(cycle),
    subjects,
    inScope: cycle.status === "draft" ? (await subjectsInScope(db, viewer.organisation.id, cycle.scope)).length : subjects.length,
    overall: shownCompletion(
      raw.map((p, i) => ({ ...totals(p), closed: closed(i) })),
      threshold,
    ),
    teams: teamRows,
    notNominated: subjects.filter((s) => s.status === "nominating"),
  };
}

export type CycleAdminPage = Awaited<ReturnType<typeof getCycleAdminPage>>;
