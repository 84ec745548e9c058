import { cache } from "react";
import { cookies, headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { hashToken } from "@/lib/tokens";
import { sessionCookieName } from "./config";
import { hrViewerOf, type HrViewer } from "./permissions";
import { PATH_HEADER, signInPathFor } from "./redirect";
import { hasRole, resolveIdentity, type Viewer } from "./viewer";

export { hasRole, type Role, type Viewer } from "./viewer";

/**
 * The single identity choke point. Pages, route handlers and actions ask here who is calling and
 * in which organisation; none of them reads cookies or sessions themselves.
 */

export const ORGANISATION_COOKIE = "twofold-organisation";

/**
 * The caller, read once per request straight from the session cookie: one statement finds the
 * live session by its token's hash, the user and their viewer in the chosen organisation. (Not
 * next-auth's auth(), which would read the session and then leave the viewer to a second query;
 * next-auth still issues and ends sessions. Nothing extends a session here, so it ends 30 days
 * after sign-in, as its cookie does: a server component cannot renew a cookie anyway.)
 */
const getIdentity = cache(async () => {
  const jar = await cookies();
  const token = jar.get(sessionCookieName(env().production))?.value;
  if (!token) return null;
  return resolveIdentity(await getDb(), hashToken(token), jar.get(ORGANISATION_COOKIE)?.value);
});

export const getUser = cache(async () => (await getIdentity())?.user ?? null);

/**
 * Signed-out callers are sent to the sign-in page, with the page they asked for to come back to
 * (the proxy passes it on as PATH_HEADER; a server component is not told its own URL).
 */
export async function requireUser() {
  const user = await getUser();
  if (!user) redirect(signInPathFor((await headers()).get(PATH_HEADER)));
  return user;
}

/** How the caller's session was signed in: an e-mail link, the installation's or an organisation's provider. */
export const getSignedInVia = cache(async () => (await getIdentity())?.signedIn ?? null);

export const getViewer = cache(async (): Promise<Viewer | null> => (await getIdentity())?.viewer ?? null);

/** A manager with an entry in the directory: who may ask for personal feedback. */
export type ManagerViewer = Viewer & { person: NonNullable<Viewer["person"]> };

/**
 * For every page under the app: signed out -> sign-in page; signed in without any organisation
 * (or deactivated) -> a page that says so. A page declares who else it is for: `{ role: "hr" }`
 * (an HrViewer, for HR's queries) or `{ role: "manager" }` (a manager in the directory); anyone
 * else gets the 404 page, as for anything out of reach.
 */
export async function requireViewer(): Promise<Viewer>;
export async function requireViewer(rule: { role: "hr" }): Promise<HrViewer>;
export async function requireViewer(rule: { role: "manager" }): Promise<ManagerViewer>;
export async function requireViewer(rule?: { role: "hr" | "manager" }): Promise<Viewer> {
  await requireUser();
  const viewer = await getViewer();
  if (!viewer) redirect("/no-access");
  if (rule?.role === "hr") return hrViewerOf(viewer) ?? notFound();
  if (rule?.role === "manager") return managerViewerOf(viewer) ?? notFound();
  return viewer;
}

function managerViewerOf(viewer: Viewer): ManagerViewer | null {
  return viewer.person && hasRole(viewer, "manager") ? { ...viewer, person: viewer.person } : null;
}
