import { and, asc, eq } from "drizzle-orm";
import { assertHr } from "@/lib/auth/permissions";
import type { Viewer } from "@/lib/auth/viewer";
import { getDb } from "@/lib/db";
import { feedbackRequests, people, teams } from "@/lib/db/schema";
import { progressByGroup, totals, type GroupProgress } from "@/lib/requests/progress";
import { formOf, loadCycle, subjectsInScope } from "./admin";

export interface SubjectCompletion {
  requestId: string;
  name: string;
  team: string | null;
  status: "nominating" | "awaiting_approval" | "collecting" | "closed" | "released";
  progress: GroupProgress[];
  invited: number;
  responded: number;
  selfDone: boolean;
}

const rate = (responded: number, invited: number) => (invited ? Math.round((responded / invited) * 100) : 0);

/** Completion of a cycle for HR: counts per group only, never who answered. */
export async function getCycleAdminPage(viewer: Viewer, cycleId: string) {
  assertHr(viewer);
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
  const subjects: SubjectCompletion[] = rows.map((r) => {
    const progress = (r.finalProgress as GroupProgress[] | null) ?? live.get(r.requestId) ?? [];
    const t = totals(progress);
    return {
      requestId: r.requestId,
      name: r.name,
      team: r.team,
      status: r.status,
      progress,
      invited: t.invited,
      responded: t.responded,
      selfDone: progress.some((p) => p.group === "self" && p.responded > 0),
    };
  });
  const byTeam = new Map<string, { invited: number; responded: number; subjects: number }>();
  for (const s of subjects) {
    const key = s.team ?? "No team";
    const t = byTeam.get(key) ?? { invited: 0, responded: 0, subjects: 0 };
    t.invited += s.invited;
    t.responded += s.responded;
    t.subjects += 1;
    byTeam.set(key, t);
  }
  const invited = subjects.reduce((a, s) => a + s.invited, 0);
  const responded = subjects.reduce((a, s) => a + s.responded, 0);
  return {
    cycle,
    form: formOf(cycle),
    subjects,
    inScope: cycle.status === "draft" ? (await subjectsInScope(db, viewer.organisation.id, cycle.scope)).length : subjects.length,
    overall: { invited, responded, rate: rate(responded, invited) },
    teams: [...byTeam]
      .map(([team, t]) => ({ team, ...t, rate: rate(t.responded, t.invited) }))
      .sort((a, b) => a.team.localeCompare(b.team)),
    notNominated: subjects.filter((s) => s.status === "nominating"),
  };
}

export type CycleAdminPage = Awaited<ReturnType<typeof getCycleAdminPage>>;
