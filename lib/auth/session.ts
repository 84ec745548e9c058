import { cache } from "react";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/lib/db";
import { auth } from "./config";
import { resolveViewer, type Viewer } from "./viewer";

export { hasRole, type Role, type Viewer } from "./viewer";

/**
 * The single identity choke point. Pages, route handlers and actions ask here who is calling and
 * in which organisation; none of them reads cookies or sessions themselves.
 */

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
  const chosen = (await cookies()).get(ORGANISATION_COOKIE)?.value;
  return resolveViewer(await getDb(), user, chosen);
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
