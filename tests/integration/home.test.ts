import { and, eq, isNotNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { loadRequestFor } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db";
import * as t from "@/lib/db/schema";
import { DEMO_ORGANISATION_SLUG, seedDemo } from "@/lib/organisations/seed-demo";
import { listDirectReportRequests } from "@/lib/requests/queries";
import { viewerFor } from "@/tests/fixtures/viewer";

/**
 * The home page's "your reports' feedback" and access to a request follow one rule: the line
 * manager frozen on the request when it started (issue 19, finding 11).
 */
describe("home page: reports' requests by the frozen line manager", () => {
  it("the demo seed records each request's line manager, and every demo line manager can open what the home page lists", async () => {
    const db = await getDb();
    await seedDemo(db);
    const [org] = await db.select().from(t.organisations).where(eq(t.organisations.slug, DEMO_ORGANISATION_SLUG));
    const requests = await db
      .select({ id: t.feedbackRequests.id, frozen: t.feedbackRequests.lineManagerPersonId, current: t.people.lineManagerId })
      .from(t.feedbackRequests)
      .innerJoin(t.people, eq(t.people.id, t.feedbackRequests.subjectPersonId))
      .where(eq(t.feedbackRequests.organisationId, org!.id));
    expect(requests.length).toBeGreaterThan(0);
    for (const r of requests) expect(r.frozen, `request ${r.id}`).toBe(r.current);

    const managers = await db
      .selectDistinct({ personId: t.people.id, userId: t.people.userId })
      .from(t.feedbackRequests)
      .innerJoin(t.people, eq(t.people.id, t.feedbackRequests.lineManagerPersonId))
      .where(and(eq(t.feedbackRequests.organisationId, org!.id), isNotNull(t.people.userId)));
    expect(managers.length).toBeGreaterThanOrEqual(2);
    let listed = 0;
    for (const m of managers) {
      const viewer = await viewerFor(db, org!.id, m.userId!);
      for (const summary of await listDirectReportRequests(viewer)) {
        listed++;
        await expect(loadRequestFor(viewer, summary.id)).resolves.toBeTruthy();
      }
    }
    expect(listed).toBeGreaterThan(0);
  });

  it("after a change of reporting line the request stays with the manager frozen on it, on the home page and for access", async () => {
    const db = await getDb();
    await seedDemo(db);
    const [org] = await db.select().from(t.organisations).where(eq(t.organisations.slug, DEMO_ORGANISATION_SLUG));
    const [request] = await db
      .select({ id: t.feedbackRequests.id, subjectId: t.feedbackRequests.subjectPersonId, frozen: t.feedbackRequests.lineManagerPersonId })
      .from(t.feedbackRequests)
      .innerJoin(t.cycles, eq(t.cycles.id, t.feedbackRequests.cycleId))
      .where(
        and(eq(t.feedbackRequests.organisationId, org!.id), eq(t.cycles.status, "open"), isNotNull(t.feedbackRequests.lineManagerPersonId)),
      )
      .limit(1);
    const everyone = await db.select().from(t.people).where(eq(t.people.organisationId, org!.id));
    const oldManager = everyone.find((p) => p.id === request!.frozen)!;
    const newManager = everyone.find((p) => p.userId && p.id !== oldManager.id && p.id !== request!.subjectId)!;
    await db.update(t.people).set({ lineManagerId: newManager.id }).where(eq(t.people.id, request!.subjectId));

    const before = await viewerFor(db, org!.id, oldManager.userId!);
    const after = await viewerFor(db, org!.id, newManager.userId!);
    expect((await listDirectReportRequests(before)).map((r) => r.id)).toContain(request!.id);
    await expect(loadRequestFor(before, request!.id)).resolves.toBeTruthy();
    expect((await listDirectReportRequests(after)).map((r) => r.id)).not.toContain(request!.id);
    // (The new manager may be HR and see it as HR; never as its line manager.)
    const seen = await loadRequestFor(after, request!.id).catch(() => null);
    expect(seen?.access.isLineManager ?? false).toBe(false);
  });
});
