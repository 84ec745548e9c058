import { eq } from "drizzle-orm";
import { loadRequestFor } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db";
import * as t from "@/lib/db/schema";
import { nominateExternal, nominatePerson } from "@/lib/requests/nominations";
import { ensureRequest } from "@/lib/requests/start";
import { createCycle, createSmallOrganisation } from "@/lib/testing/factories";
import { viewerFor } from "@/lib/testing/viewer";

/**
 * An organisation with an open cycle and the manager's feedback request, with raters nominated
 * but not yet invited: line manager, three peers, three direct reports and one external rater.
 */
export async function requestWithNominations(cycleOptions: Partial<typeof t.cycles.$inferInsert> = {}) {
  const db = await getDb();
  const org = await createSmallOrganisation(db);
  const cycle = await createCycle(db, org.organisation.id, cycleOptions);
  const requestId = await ensureRequest(db, org.organisation.id, cycle.id, org.manager);
  const subject = await viewerFor(db, org.organisation.id, org.manager.user.id);
  const context = () => loadRequestFor(subject, requestId, "manage", db);
  await nominatePerson(db, await context(), { personId: org.director.id, group: "manager" });
  for (const p of org.peers.slice(1, 4)) await nominatePerson(db, await context(), { personId: p.id, group: "peer" });
  for (const p of org.reports) await nominatePerson(db, await context(), { personId: p.id, group: "direct_report" });
  await nominateExternal(db, await context(), { name: "Erin External", email: `erin.${org.organisation.suffix}@partner.test` });
  return { db, org, cycle, requestId, subject, context };
}

export async function invitationsOf(requestId: string) {
  const db = await getDb();
  return db.select().from(t.invitations).where(eq(t.invitations.requestId, requestId));
}
