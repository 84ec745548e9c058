import { and, count, eq } from "drizzle-orm";
import type { HrViewer } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db";
import { people, teams } from "@/lib/db/schema";
import { getPerson, listDirectory, listTeams } from "./admin";

/** The home page's HR overview: how many active people and teams the organisation has. */
export async function organisationCounts(viewer: HrViewer): Promise<{ people: number; teams: number }> {
  const db = await getDb();
  const organisationId = viewer.organisation.id;
  const [p] = await db
    .select({ n: count() })
    .from(people)
    .where(and(eq(people.organisationId, organisationId), eq(people.active, true)));
  const [t] = await db.select({ n: count() }).from(teams).where(eq(teams.organisationId, organisationId));
  return { people: p?.n ?? 0, teams: t?.n ?? 0 };
}

/** HR pages: the directory, one person, the teams. */
export async function getDirectoryPage(viewer: HrViewer, query: string) {
  return listDirectory(await getDb(), viewer.organisation.id, query);
}

export async function getPersonPage(viewer: HrViewer, personId: string) {
  const db = await getDb();
  const [person, directory, teamList] = await Promise.all([
    getPerson(db, viewer.organisation.id, personId),
    listDirectory(db, viewer.organisation.id),
    listTeams(db, viewer.organisation.id),
  ]);
  return { person, managers: directory.filter((p) => p.active && p.id !== personId), teams: teamList };
}

export async function getNewPersonPage(viewer: HrViewer) {
  const db = await getDb();
  const [directory, teamList] = await Promise.all([listDirectory(db, viewer.organisation.id), listTeams(db, viewer.organisation.id)]);
  return { managers: directory.filter((p) => p.active), teams: teamList };
}
