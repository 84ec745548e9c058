import { cache } from "react";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { and, asc, eq } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { memberships, organisations, people } from "@/lib/db/schema";
import { auth } from "./config";

/**
 * The single identity choke point. Pages, route handlers and actions ask here who is calling and
 * in which organisation; none of them reads cookies or sessions themselves.
 */

export type Role = "hr" | "manager" | "employee";

export interface Viewer {
  userId: string;
  email: string;
  name: string | null;
  organisation: { id: string; name: string; slug: string; defaultThreshold: number };
  roles: Role[];
  /** The viewer's entry in this organisation's directory, if they have one and it is active. */
  person: { id: string; name: string; email: string; teamId: string | null; lineManagerId: string | null } | null;
  /** Every organisation the user belongs to, for the switcher. */
  organisations: { id: string; name: string }[];
}

export const ORGANISATION_COOKIE = "twofold-organisation";

export const getUser = cache(async () => {
  const session = await auth();
  const user = session?.user;
  if (!user?.id || !user.email) return null;
  return { id: user.id, email: user.email, name: user.name ?? null };
});

/** Signed-out callers are sent to the sign-in page. */
export async function requireUser() {
  const user = await getUser();
  if (!user) redirect("/sign-in");
  return user;
}

export const getViewer = cache(async (): Promise<Viewer | null> => {
  const user = await getUser();
  if (!user) return null;
  const db = await getDb();
  const rows = await db
    .select({
      organisationId: organisations.id,
      name: organisations.name,
      slug: organisations.slug,
      defaultThreshold: organisations.defaultThreshold,
      role: memberships.role,
    })
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(eq(memberships.userId, user.id))
    .orderBy(asc(organisations.name));
  if (rows.length === 0) return null;

  const chosen = (await cookies()).get(ORGANISATION_COOKIE)?.value;
  const current = rows.find((r) => r.organisationId === chosen) ?? rows[0]!;
  const roles = rows.filter((r) => r.organisationId === current.organisationId).map((r) => r.role);

  const [person] = await db
    .select({
      id: people.id,
      name: people.name,
      email: people.email,
      teamId: people.teamId,
      lineManagerId: people.lineManagerId,
      active: people.active,
    })
    .from(people)
    .where(and(eq(people.organisationId, current.organisationId), eq(people.userId, user.id)))
    .limit(1);
  // A deactivated person keeps no access to the organisation at all.
  if (person && !person.active) return null;

  const seen = new Map<string, string>();
  for (const r of rows) seen.set(r.organisationId, r.name);
  return {
    userId: user.id,
    email: user.email,
    name: user.name ?? person?.name ?? null,
    organisation: {
      id: current.organisationId,
      name: current.name,
      slug: current.slug,
      defaultThreshold: current.defaultThreshold,
    },
    roles,
    person: person
      ? { id: person.id, name: person.name, email: person.email, teamId: person.teamId, lineManagerId: person.lineManagerId }
      : null,
    organisations: [...seen].map(([id, name]) => ({ id, name })),
  };
});

/**
 * For every page under the app: signed out -> sign-in page; signed in without any organisation
 * (or deactivated) -> a page that says so.
 */
export async function requireViewer(): Promise<Viewer> {
  await requireUser();
  const viewer = await getViewer();
  if (!viewer) redirect("/no-access");
  return viewer;
}

export function hasRole(viewer: Viewer, role: Role): boolean {
  return viewer.roles.includes(role);
}
