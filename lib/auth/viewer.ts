import { and, asc, eq, gt, sql } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { memberships, organisations, organisationSso, people, sessions, users, type SessionVia } from "@/lib/db/schema";

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

/**
 * Who a user is in an organisation: their roles and directory entry. An organisation counts only
 * while the user is a member and not deactivated there (ADR 6). `preferredOrganisationId` (the
 * switcher's cookie) is honoured only for such an organisation; otherwise the one the user joined
 * first, so being added to another organisation never changes where they land. Null when no
 * organisation is left.
 */
export async function resolveViewer(
  db: Executor,
  user: { id: string; email: string; name: string | null },
  preferredOrganisationId?: string,
): Promise<Viewer | null> {
  const { entry, columns } = membershipColumns(db);
  const rows = await db
    .select(columns)
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .leftJoinLateral(entry, sql`true`)
    .where(eq(memberships.userId, user.id))
    .orderBy(asc(organisations.name));
  return toViewer(user, rows, preferredOrganisationId);
}

export interface Identity {
  user: { id: string; email: string; name: string | null };
  /** Null when the user belongs to no organisation or is deactivated in it. */
  viewer: Viewer | null;
  /** How this session was signed in (sessions.via). */
  signedIn?: { via: SessionVia; ssoOrganisationId: string | null };
}

/**
 * The caller behind a session cookie, in one round trip: the live session (looked up by the
 * token's hash, as stored), its user, and every membership with the directory entry beside it.
 * Every page and action resolves this first, so it is one statement rather than next-auth's
 * session read followed by the viewer's. Null for no session, an unknown or an expired one.
 */
export async function resolveIdentity(db: Executor, sessionTokenHash: string, preferredOrganisationId?: string): Promise<Identity | null> {
  const { entry, columns } = membershipColumns(db);
  const rows = await db
    .select({
      ...columns,
      user: { id: users.id, email: users.email, name: users.name },
      via: sessions.via,
      ssoOrganisationId: sessions.ssoOrganisationId,
      emailLinks: organisationSso.emailLinks,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(memberships, eq(memberships.userId, users.id))
    .leftJoin(organisations, eq(organisations.id, memberships.organisationId))
    .leftJoin(organisationSso, eq(organisationSso.organisationId, memberships.organisationId))
    .leftJoinLateral(entry, sql`true`)
    .where(and(eq(sessions.sessionToken, sessionTokenHash), gt(sessions.expires, sql`now()`)))
    .orderBy(asc(organisations.name));
  const first = rows[0];
  if (!first) return null;
  const { user } = first;
  // A user without any membership still has a session: they get an identity without a viewer.
  const belongs = rows.flatMap(({ user: _, via, ssoOrganisationId, emailLinks, ...r }) =>
    r.organisationId && sessionReaches({ via, ssoOrganisationId }, { id: r.organisationId, emailLinks: emailLinks ?? true })
      ? [r as MembershipRow]
      : [],
  );
  return {
    user,
    viewer: toViewer(user, belongs, preferredOrganisationId),
    signedIn: { via: first.via, ssoOrganisationId: first.ssoOrganisationId },
  };
}

/**
 * Which organisations a session reaches, by how it was signed in (issue 23). A session from an
 * organisation's own identity provider reaches that organisation only: its HR chose the
 * provider, and a provider that one organisation trusts proves nothing to another (ADR 6: no
 * account is linked across organisations by an e-mail address alone). An e-mail link reaches
 * the organisations that take e-mail links; the installation's provider, set up by whoever runs
 * the installation, reaches them all.
 */
export function sessionReaches(
  session: { via: SessionVia; ssoOrganisationId: string | null },
  organisation: { id: string; emailLinks: boolean },
): boolean {
  if (session.via === "organisation") return session.ssoOrganisationId === organisation.id;
  if (session.via === "email") return organisation.emailLinks;
  return true;
}

interface MembershipRow {
  organisationId: string;
  name: string;
  slug: string;
  defaultThreshold: number;
  role: Role;
  joinedAt: Date;
  person: {
    id: string | null;
    name: string | null;
    email: string | null;
    teamId: string | null;
    lineManagerId: string | null;
    active: boolean | null;
  } | null;
}

/** The columns both lookups read: a membership, its organisation and the user's directory entry there. */
function membershipColumns(db: Executor) {
  const entry = db
    .select({
      id: people.id,
      name: people.name,
      email: people.email,
      teamId: people.teamId,
      lineManagerId: people.lineManagerId,
      active: people.active,
    })
    .from(people)
    .where(and(eq(people.organisationId, memberships.organisationId), eq(people.userId, memberships.userId)))
    .limit(1)
    .as("entry");
  const columns = {
    organisationId: organisations.id,
    name: organisations.name,
    slug: organisations.slug,
    defaultThreshold: organisations.defaultThreshold,
    role: memberships.role,
    joinedAt: memberships.createdAt,
    person: {
      id: entry.id,
      name: entry.name,
      email: entry.email,
      teamId: entry.teamId,
      lineManagerId: entry.lineManagerId,
      active: entry.active,
    },
  };
  return { entry, columns };
}

function toViewer(user: Identity["user"], all: MembershipRow[], preferredOrganisationId?: string): Viewer | null {
  // A deactivated person keeps no access to that organisation at all, and only to that one.
  const deactivatedIn = new Set(all.filter((r) => r.person?.id && !r.person.active).map((r) => r.organisationId));
  const rows = all.filter((r) => !deactivatedIn.has(r.organisationId));
  if (rows.length === 0) return null;
  // Organisations in the order the user joined them (their first membership), then by name.
  const joined = new Map<string, { at: number; name: string }>();
  for (const r of rows) {
    const at = new Date(r.joinedAt).getTime();
    const seen = joined.get(r.organisationId);
    if (!seen || at < seen.at) joined.set(r.organisationId, { at, name: r.name });
  }
  const order = [...joined].sort(([, a], [, b]) => a.at - b.at || a.name.localeCompare(b.name)).map(([id]) => id);
  const currentId = order.includes(preferredOrganisationId ?? "") ? preferredOrganisationId! : order[0]!;
  const current = rows.find((r) => r.organisationId === currentId)!;
  const person = current.person?.id ? current.person : null;
  const names = new Map(rows.map((r) => [r.organisationId, r.name]));
  return {
    userId: user.id,
    email: user.email,
    name: user.name ?? person?.name ?? null,
    organisation: { id: current.organisationId, name: current.name, slug: current.slug, defaultThreshold: current.defaultThreshold },
    roles: rows
      .filter((r) => r.organisationId === current.organisationId)
      .map((r) => r.role)
      .sort(),
    person: person
      ? { id: person.id!, name: person.name!, email: person.email!, teamId: person.teamId, lineManagerId: person.lineManagerId }
      : null,
    // For the switcher, by name.
    organisations: [...names].map(([id, name]) => ({ id, name })),
  };
}

export function hasRole(viewer: Viewer, role: Role): boolean {
  return viewer.roles.includes(role);
}
