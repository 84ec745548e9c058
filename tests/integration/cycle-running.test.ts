import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { asHr } from "@/lib/auth/permissions";
import { closeCycleAsHr, extendCycle, saveDraftCycle } from "@/lib/cycles/admin";
import { getCycleAdminPage } from "@/lib/cycles/completion";
import { getDb } from "@/lib/db";
import * as t from "@/lib/db/schema";
import { addDaysIso, endOfDay, isoDateOf } from "@/lib/dates";
import { releaseReport } from "@/lib/reports/release";
import { createSmallOrganisation } from "@/tests/fixtures/factories";
import { viewerFor } from "@/tests/fixtures/viewer";
import { answeredRequest } from "../support/scenario";
import { cycleForm } from "@/tests/fixtures/cycle-form";

const DAY = 24 * 3600_000;

/** Issue 21, item 10: HR can fix a running cycle, and is offered only what can succeed. */
describe("a running cycle, for HR", () => {
  it("moves the close date only later, audited, and refuses earlier dates and a closed cycle with nothing changed", async () => {
    const s = await answeredRequest({ self: true, peers: 1 });
    const { db, org, cycle } = s;
    const hr = asHr(await viewerFor(db, org.organisation.id, org.hr.user.id));
    const closesOn = isoDateOf(cycle.closesAt);
    const closesAt = async () => (await db.select().from(t.cycles).where(eq(t.cycles.id, cycle.id)))[0]!.closesAt;

    for (const earlier of [closesOn, addDaysIso(closesOn, -3), isoDateOf(new Date(Date.now() - 2 * DAY))]) {
      await expect(extendCycle(db, hr, cycle.id, earlier)).rejects.toThrow(/Choose a date after the current close date/);
      expect(await closesAt()).toEqual(cycle.closesAt);
    }
    const later = addDaysIso(closesOn, 7);
    await extendCycle(db, hr, cycle.id, later);
    expect(await closesAt()).toEqual(endOfDay(later));
    const audit = await db
      .select()
      .from(t.auditLog)
      .where(and(eq(t.auditLog.organisationId, org.organisation.id), eq(t.auditLog.action, "cycle.extended")));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toEqual({ from: closesOn, to: later });

    // Another organisation's HR: the cycle does not exist for them.
    const other = await createSmallOrganisation(db);
    const otherHr = asHr(await viewerFor(db, other.organisation.id, other.hr.user.id));
    await expect(extendCycle(db, otherHr, cycle.id, addDaysIso(later, 7))).rejects.toThrow(/does not exist/);

    await closeCycleAsHr(db, hr, cycle.id);
    await expect(extendCycle(db, hr, cycle.id, addDaysIso(later, 7))).rejects.toThrow(
      "This cycle has closed, so its close date can no longer change.",
    );
    expect(await closesAt()).toEqual(endOfDay(later));
  }, 60_000);

  it("offers Release early exactly where the release succeeds (the server's own check)", async () => {
    // Peers: 1 of 3 answered (k = 3): an early release would fail, so it is not offered.
    const s = await answeredRequest({ self: true, manager: true, peers: 1 });
    const { db, org, cycle, requestId } = s;
    const hr = asHr(await viewerFor(db, org.organisation.id, org.hr.user.id));
    const blocked = (await getCycleAdminPage(hr, cycle.id)).subjects.find((x) => x.requestId === requestId)!.releaseBlocked;
    expect(blocked).toMatch(/An early release needs at least 3 answers in every anonymous group that was invited/);
    await expect(releaseReport(db, hr, requestId)).rejects.toThrow(blocked!);

    // Self only: nothing to release, nothing offered.
    const alone = await answeredRequest({ self: true });
    const hr2 = asHr(await viewerFor(db, alone.org.organisation.id, alone.org.hr.user.id));
    const aloneBlocked = (await getCycleAdminPage(hr2, alone.cycle.id)).subjects[0]!.releaseBlocked;
    expect(aloneBlocked).toMatch(/An early release needs at least 3 answers/);
    await expect(releaseReport(db, hr2, alone.requestId)).rejects.toThrow(aloneBlocked!);

    // Every group with answers at k: offered, and it succeeds.
    const ready = await answeredRequest({ self: true, manager: true, peers: 3, reports: 3 });
    // Without the fixture's lone external rater (a group of one never reaches k).
    await db.delete(t.invitations).where(and(eq(t.invitations.requestId, ready.requestId), eq(t.invitations.raterGroup, "other")));
    const hr3 = asHr(await viewerFor(db, ready.org.organisation.id, ready.org.hr.user.id));
    expect((await getCycleAdminPage(hr3, ready.cycle.id)).subjects[0]!.releaseBlocked).toBeNull();
    expect(await releaseReport(db, hr3, ready.requestId)).toBe("released");
    expect((await getCycleAdminPage(hr3, ready.cycle.id)).subjects[0]!.releaseBlocked).toBe("Already released.");
  }, 60_000);

  it("names the people a launch is for", async () => {
    const db = await getDb();
    const s = await createSmallOrganisation(db);
    const hr = asHr(await viewerFor(db, s.organisation.id, s.hr.user.id));
    const form = cycleForm({ name: "Named scope" });
    const id = await saveDraftCycle(db, hr, form);
    expect((await getCycleAdminPage(hr, id)).inScope).toEqual([s.director.name, s.manager.name].sort());
  });
});
