import { eq } from "drizzle-orm";
import { resolveViewer, type Viewer } from "@/lib/auth/viewer";
import type { Executor } from "@/lib/db";
import { users } from "@/lib/db/schema";

/** The Viewer a signed-in user would be, so tests and fixtures can call domain functions as them. */
export async function viewerFor(db: Executor, organisationId: string, userId: string): Promise<Viewer> {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  const viewer = await resolveViewer(db, { id: user!.id, email: user!.email, name: user!.name }, organisationId);
  if (!viewer || viewer.organisation.id !== organisationId)
    throw new Error(`User ${userId} has no access to organisation ${organisationId}`);
  return viewer;
}
