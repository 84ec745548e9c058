import { eq } from "drizzle-orm";
import { resolveSurvey } from "./access";
import { getDb } from "@/lib/db";
import { invitations, people } from "@/lib/db/schema";
import { isAppError } from "@/lib/errors";
import { formatDate } from "@/lib/format";
import { loadSurveyState } from "./responses";
import type { SurveyTarget } from "./schema";
import type { Author } from "./self-naming";

/**
 * The survey page's data, or null when the caller may not (or can no longer) answer it. For a
 * rater, `author` is their own name and e-mail address, so the page can warn them (in their own
 * browser only) before a comment that names them is submitted.
 */
export async function getSurveyPage(target: SurveyTarget) {
  try {
    const ctx = await resolveSurvey(target);
    const db = await getDb();
    const [state, author] = await Promise.all([
      loadSurveyState(db, ctx),
      ctx.group === "self" ? Promise.resolve(null) : raterOf(ctx.invitationId),
    ]);
    return { ctx, state, author, closesOn: formatDate(ctx.closesAt) };
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") return null;
    throw error;
  }
}

async function raterOf(invitationId: string): Promise<Author | null> {
  const db = await getDb();
  const [row] = await db
    .select({ email: invitations.raterEmail, name: invitations.raterName, directoryName: people.name })
    .from(invitations)
    .leftJoin(people, eq(people.id, invitations.raterPersonId))
    .where(eq(invitations.id, invitationId));
  if (!row) return null;
  const names = [row.directoryName, row.name].filter(Boolean).join(" ");
  return { name: names || null, email: row.email };
}
