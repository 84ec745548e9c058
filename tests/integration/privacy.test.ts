import { eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as t from "@/lib/db/schema";
import { erasePerson, exportOwnData } from "@/lib/people/privacy";
import { closeCycle, releaseReport } from "@/lib/reports/release";
import { startPersonalRequest } from "@/lib/requests/start";
import { viewerFor } from "@/tests/fixtures/viewer";
import { asHr } from "@/lib/auth/permissions";
import { answeredRequest } from "../support/scenario";

describe("erasing a person", () => {
  it("takes their name out of their own cycles' names (a personal request, a pulse)", async () => {
    const s = await answeredRequest({ self: true, manager: true, peers: 3, reports: 3 });
    const { db, org } = s;
    await closeCycle(db, org.organisation.id, s.cycle.id);
    await releaseReport(db, { userId: null, organisation: { id: org.organisation.id } }, s.requestId);
    const subject = await viewerFor(db, org.organisation.id, org.manager.user.id);
    const requestId = await startPersonalRequest(db, subject, new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10));
    const [own] = await db
      .select({ cycleId: t.feedbackRequests.cycleId })
      .from(t.feedbackRequests)
      .where(eq(t.feedbackRequests.id, requestId));
    const name = org.manager.name;
    expect((await db.select().from(t.cycles).where(eq(t.cycles.id, own!.cycleId)))[0]!.name).toContain(name);
    await erasePerson(db, asHr(await viewerFor(db, org.organisation.id, org.hr.user.id)), org.manager.id);
    const names = (await db.select({ name: t.cycles.name }).from(t.cycles).where(eq(t.cycles.organisationId, org.organisation.id))).map(
      (c) => c.name,
    );
    expect(names.join("|")).not.toContain(name);
  });

  it("removes their personal data, account and links, keeps released reports byte-identical, and is audited", async () => {
    const s = await answeredRequest({ self: true, manager: true, peers: 3, reports: 3 });
    const { db, org } = s;
    await closeCycle(db, org.organisation.id, s.cycle.id);
    await releaseReport(db, { userId: null, organisation: { id: org.organisation.id } }, s.requestId);
    const [before] = await db.select().from(t.reportSnapshots).where(eq(t.reportSnapshots.requestId, s.requestId));
    const hr = asHr(await viewerFor(db, org.organisation.id, org.hr.user.id));

    // A rater (a direct report) and the subject themselves are erased.
    const rater = org.reports[0]!;
    await erasePerson(db, hr, rater.id);
    await erasePerson(db, hr, org.manager.id);

    const [after] = await db.select().from(t.reportSnapshots).where(eq(t.reportSnapshots.requestId, s.requestId));
    expect(JSON.stringify(after!.data)).toBe(JSON.stringify(before!.data));
    const erased = await db
      .select()
      .from(t.people)
      .where(inArray(t.people.id, [rater.id, org.manager.id]));
    for (const p of erased) {
      expect(p).toMatchObject({ name: "Erased person", userId: null, active: false });
      expect(p.email).toMatch(/@erased\.invalid$/);
    }
    expect(await db.select().from(t.users).where(eq(t.users.email, rater.email))).toEqual([]);
    const invitations = await db.select().from(t.invitations).where(eq(t.invitations.requestId, s.requestId));
    expect(invitations.some((i) => i.raterPersonId === rater.id || i.raterEmail === rater.email)).toBe(false);
    const audit = await db.select().from(t.auditLog).where(eq(t.auditLog.action, "person.erased"));
    expect(audit).toHaveLength(2);
    expect(JSON.stringify(audit)).not.toContain(rater.email);
  });

  it("gives a person a copy of their own data, without anyone's answers", async () => {
    const s = await answeredRequest({ manager: true, peers: 3, reports: 3 });
    const subject = await viewerFor(s.db, s.org.organisation.id, s.org.manager.user.id);
    const data = await exportOwnData(subject);
    expect(data.account.email).toBe(s.org.manager.email);
    expect(data.profile?.name).toBe(s.org.manager.name);
    expect(data.feedbackAboutYou).toHaveLength(1);
    // After close, progress as the pages show it: per anonymous group, enough or not, no counts.
    await closeCycle(s.db, s.org.organisation.id, s.cycle.id);
    const closed = await exportOwnData(subject);
    const progress = closed.feedbackAboutYou[0]!.progress!;
    expect(progress.find((p) => p.group === "peer")).toMatchObject({ kind: "anonymous", enough: true });
    expect(JSON.stringify(progress)).not.toMatch(/responded/);
    const rater = await viewerFor(s.db, s.org.organisation.id, s.org.reports[0]!.user.id);
    const raterData = await exportOwnData(rater);
    expect(raterData.invitationsToRateOthers).toEqual([expect.objectContaining({ about: s.org.manager.name, group: "direct_report" })]);
    expect(JSON.stringify(raterData)).not.toMatch(/Develop note/);
  });
});
