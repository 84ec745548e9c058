import { and, count, eq } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { people, teams } from "@/lib/db/schema";

export async function organisationCounts(organisationId: string): Promise<{ people: number; teams: number }> {
  const db = await getDb();
  const [p] = await db
    .select({ n: count() })
    .from(people)
    .where(and(eq(people.organisationId, organisationId), eq(people.active, true)));
  const [t] = await db.select({ n: count() }).from(teams).where(eq(teams.organisationId, organisationId));
  return { people: p?.n ?? 0, teams: t?.n ?? 0 };
}
