import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db";
import * as t from "@/lib/db/schema";
import { createAnsweredRequest, requestWithNominations as build, type AnswerPlan } from "@/tests/fixtures/requests";

/** Test-side shorthands over tests/fixtures, on the test's own database. */
export async function requestWithNominations(cycleOptions: Partial<typeof t.cycles.$inferInsert> = {}) {
  return build(await getDb(), cycleOptions);
}

export async function answeredRequest(plan: AnswerPlan, cycleOptions: Partial<typeof t.cycles.$inferInsert> = {}) {
  return createAnsweredRequest(await getDb(), plan, cycleOptions);
}

export async function invitationsOf(requestId: string) {
  const db = await getDb();
  return db.select().from(t.invitations).where(eq(t.invitations.requestId, requestId));
}
