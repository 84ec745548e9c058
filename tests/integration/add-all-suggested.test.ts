import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { loadRequestFor } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db";
import * as t from "@/lib/db/schema";
import { nominateAllSuggested, suggestRaters } from "@/lib/requests/nominations";
import { ensureRequest } from "@/lib/requests/start";
import { createCycle, createSmallOrganisation } from "@/tests/fixtures/factories";
import { viewerFor } from "@/tests/fixtures/viewer";

/** Issue 21, item 11: ten suggestions were ten taps. Now one, within each group's limit. */
describe("add all suggested", () => {
  it("adds every suggestion that fits its group's limit, names those that do not, and adds nothing twice", async () => {
    const db = await getDb();
    const org = await createSmallOrganisation(db);
    // Two peers at most; the manager has four peers (the director's other reports) to suggest.
    const cycle = await createCycle(db, org.organisation.id, { groupLimits: { manager: 1, peer: 2, direct_report: 15, other: 5 } });
    const requestId = await ensureRequest(db, org.organisation.id, cycle.id, org.manager);
    const subject = await viewerFor(db, org.organisation.id, org.manager.user.id);
    const ctx = () => loadRequestFor(subject, requestId, "manage", db);
    const suggested = await suggestRaters(db, await ctx());
    const peers = suggested.filter((s) => s.group === "peer").map((s) => s.name);
    expect(peers).toHaveLength(4);

    const outcome = await nominateAllSuggested(db, await ctx(), subject);
    expect(outcome.added).toEqual([org.director.name, ...peers.slice(0, 2), ...org.reports.map((r) => r.name).sort()]);
    expect(outcome.full).toEqual(peers.slice(2).map((name) => ({ name, group: "peer", limit: 2 })));
    const rows = await db.select().from(t.invitations).where(eq(t.invitations.requestId, requestId));
    const count = (g: string) => rows.filter((r) => r.raterGroup === g).length;
    expect([count("manager"), count("peer"), count("direct_report")]).toEqual([1, 2, 3]);
    // Each addition is audited as if added by hand.
    const audit = await db.select().from(t.auditLog).where(eq(t.auditLog.action, "nomination.added"));
    expect(audit.filter((a) => (a.details as { requestId: string }).requestId === requestId)).toHaveLength(6);

    // Again: nothing more fits, nothing is added twice.
    const again = await nominateAllSuggested(db, await ctx(), subject);
    expect(again.added).toEqual([]);
    expect(again.full.map((f) => f.name)).toEqual(peers.slice(2));
    expect(await db.select().from(t.invitations).where(eq(t.invitations.requestId, requestId))).toHaveLength(rows.length);
  });
});
