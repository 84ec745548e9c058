import { readFileSync } from "node:fs";
import path from "node:path";
import { and, eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { recordFigure } from "../support/figures";
import { getDatabase } from "@/lib/db";
import * as t from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { ReportSnapshot } from "@/lib/report/types";
import { reportToCsv } from "@/lib/reports/csv";
import { reportToPdf } from "@/lib/reports/pdf";
import { getReport } from "@/lib/reports/queries";
import { closeCycle, closeDueCycles, releaseCycle, releaseReport } from "@/lib/reports/release";
import { loadSurveyContext } from "@/lib/surveys/responses";
import { requestKey } from "@/lib/surveys/sealing";
import { createPerson } from "@/tests/fixtures/factories";
import { viewerFor } from "@/tests/fixtures/viewer";
import { startPersonalRequest } from "@/lib/requests/start";
import { answeredRequest } from "../support/scenario";

const hrActor = (organisationId: string) => ({ userId: null, organisation: { id: organisationId } });
const sortCells = (cells: unknown[][]) => [...cells].sort((a, b) => String(a[0]).localeCompare(String(b[0])));
/** A snapshot's shown cells as rows, the way release published them (and wrote report_cells before 0011). */
const shownCells = (snapshot: ReportSnapshot) =>
  snapshot.items.flatMap((item) =>
    item.cells
      .filter((c) => c.status === "shown")
      .map((c) => ({ itemKey: item.key, raterGroup: c.group, n: c.n!, sum: Math.round(c.mean! * c.n!) })),
  );

describe("closing a cycle destroys every link between raters and answers", () => {
  it("leaves no column, key, order or timestamp that matches a response to a rater", async () => {
    const s = await answeredRequest(
      { self: true, manager: true, peers: 2, reports: 4, external: 1 },
      { threshold: 3, commentThreshold: 3 },
    );
    const { db, requestId, cycle, org } = s;
    // While open, answers exist only as sealed ballots, which name nobody.
    const before = await db.select().from(t.ballots).where(eq(t.ballots.requestId, requestId));
    expect(before).toHaveLength(9);
    expect(await db.select().from(t.responses).where(eq(t.responses.requestId, requestId))).toEqual([]);
    await db
      .insert(t.surveyDrafts)
      .values({
        invitationId: s.invitations.find((i) => i.raterGroup === "peer" && !s.answering.includes(i))?.id ?? s.invitations[0]!.id,
        organisationId: org.organisation.id,
        data: {},
      })
      .onConflictDoNothing();

    expect(await closeCycle(db, org.organisation.id, cycle.id)).toBe("closed");
    expect(await closeCycle(db, org.organisation.id, cycle.id)).toBe("already_closed");

    const after = await db.select().from(t.responses).where(eq(t.responses.requestId, requestId));
    expect(after).toHaveLength(before.length);
    expect(after.every((r) => r.invitationId === null && r.submittedAt === null)).toBe(true);
    // The ballots are gone, and so is the key that could have matched their tags to anyone.
    expect(await db.select().from(t.ballots).where(eq(t.ballots.requestId, requestId))).toEqual([]);
    expect(await db.select().from(t.sealedDrafts).where(eq(t.sealedDrafts.requestId, requestId))).toEqual([]);
    expect(requestKey(requestId, { create: false })).toBeNull();
    // Peers (2) and the external rater (1) were under k = 3: relabelled, so not even the database says which.
    const groups = Object.fromEntries(
      (
        await db
          .select({ g: t.responses.raterGroup, n: sql<number>`count(*)`.mapWith(Number) })
          .from(t.responses)
          .where(eq(t.responses.requestId, requestId))
          .groupBy(t.responses.raterGroup)
      ).map((r) => [r.g, r.n]),
    );
    expect(groups).toEqual({ self: 1, manager: 1, pooled: 3, direct_report: 4 });
    const answerGroups = await db.selectDistinct({ g: t.answers.raterGroup }).from(t.answers).where(eq(t.answers.requestId, requestId));
    expect(answerGroups.map((a) => a.g).sort()).toEqual(["direct_report", "manager", "pooled", "self"]);
    // Comments: detached from responses; those of groups under k_c are gone.
    const notes = await db.select().from(t.comments).where(eq(t.comments.requestId, requestId));
    expect(notes.every((c) => c.responseId === null)).toBe(true);
    expect(notes.map((c) => c.raterGroup).sort()).toEqual([
      "direct_report",
      "direct_report",
      "direct_report",
      "direct_report",
      "manager",
      "self",
    ]);
    // Invitations no longer say who answered or declined; links, drafts and reminder trails are gone.
    const invitations = await db.select().from(t.invitations).where(eq(t.invitations.requestId, requestId));
    expect(new Set(invitations.map((i) => i.status))).toEqual(new Set(["sent"]));
    expect(
      invitations.every((i) => !i.lastRemindedAt && !i.nextAttemptAt && !i.sendError && !i.declineReason && i.sendAttempts === 0),
    ).toBe(true);
    const ids = invitations.map((i) => i.id);
    expect(await db.select().from(t.invitationTokens).where(inArray(t.invitationTokens.invitationId, ids))).toEqual([]);
    expect(await db.select().from(t.surveyDrafts).where(inArray(t.surveyDrafts.invitationId, ids))).toEqual([]);
    expect(await db.select().from(t.invitationReminders).where(inArray(t.invitationReminders.invitationId, ids))).toEqual([]);
    // The counts survive, frozen on the request.
    const [request] = await db.select().from(t.feedbackRequests).where(eq(t.feedbackRequests.id, requestId));
    expect(request!.status).toBe("closed");
    expect(request!.finalProgress).toContainEqual({ group: "peer", invited: 3, responded: 2, declined: 0 });
    // Nothing in any table mentions an invitation id next to an answer.
    const open = await getDatabase();
    const linked = await open.query<{ n: number }>(
      `select count(*)::int as n from responses r join invitations i on i.id = r.invitation_id where r.request_id = $1`,
      [requestId],
    );
    expect(linked[0]!.n).toBe(0);
    // And no survey can be answered any more.
    for (const i of invitations) expect(await loadSurveyContext(db, i.id)).toBeNull();
  });
});

describe("releasing", () => {
  it("computes one frozen snapshot, even when released concurrently, and never recomputes it", async () => {
    const s = await answeredRequest({ self: true, manager: true, peers: 3, reports: 3 });
    const { db, org, cycle, requestId } = s;
    await closeCycle(db, org.organisation.id, cycle.id);
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => releaseReport(db, hrActor(org.organisation.id), requestId)));
    expect(outcomes.filter((o) => o === "released")).toHaveLength(1);
    const snapshots = await db.select().from(t.reportSnapshots).where(eq(t.reportSnapshots.requestId, requestId));
    expect(snapshots).toHaveLength(1);
    // Released: the raw answers are deleted; only the published cells remain.
    expect(await db.select().from(t.responses).where(eq(t.responses.requestId, requestId))).toEqual([]);
    expect(await db.select().from(t.answers).where(eq(t.answers.requestId, requestId))).toEqual([]);
    expect(await db.select().from(t.comments).where(eq(t.comments.requestId, requestId))).toEqual([]);
    // The snapshot is the one published store: its shown cells are everything the report publishes.
    const cells = shownCells(snapshots[0]!.data as ReportSnapshot);
    expect(cells.length).toBeGreaterThan(0);
    expect(cells.every((c) => c.n >= 3 || c.raterGroup === "self" || c.raterGroup === "manager")).toBe(true);
    // The snapshot row carries the same "others" cells for dashboards, and nothing else.
    const others = cells.filter((c) => c.raterGroup === "others").map((c) => [c.itemKey, c.n, c.sum]);
    expect(others.length).toBeGreaterThan(0);
    expect(sortCells(snapshots[0]!.othersCells)).toEqual(sortCells(others));
    const frozen = JSON.stringify(snapshots[0]!.data);
    // Later changes to settings do not touch the stored report.
    await db.update(t.cycles).set({ threshold: 5, commentThreshold: 5 }).where(eq(t.cycles.id, cycle.id));
    expect(await releaseReport(db, hrActor(org.organisation.id), requestId)).toBe("already_released");
    const [again] = await db.select().from(t.reportSnapshots).where(eq(t.reportSnapshots.requestId, requestId));
    expect(JSON.stringify(again!.data)).toBe(frozen);
    const [c] = await db.select().from(t.cycles).where(eq(t.cycles.id, cycle.id));
    expect(c!.status).toBe("released");
    recordFigure("races: concurrent releases of one report", outcomes.length);
  });

  it("early release is refused while an invited anonymous group is under k, and closes the subject's links when allowed", async () => {
    const blocked = await answeredRequest({ manager: true, peers: 2, reports: 3 });
    await expect(releaseReport(blocked.db, hrActor(blocked.org.organisation.id), blocked.requestId)).rejects.toThrow(
      /An early release needs at least 3 answers in every anonymous group that was invited/,
    );
    expect(await blocked.db.select().from(t.reportSnapshots).where(eq(t.reportSnapshots.requestId, blocked.requestId))).toEqual([]);

    // Every invited anonymous group at k: the fixture's external rater (never at k alone) is not invited here.
    const s = await answeredRequest({ manager: true, peers: 3, reports: 4 });
    await s.db.delete(t.invitations).where(and(eq(t.invitations.requestId, s.requestId), eq(t.invitations.raterGroup, "other")));
    expect(await releaseReport(s.db, hrActor(s.org.organisation.id), s.requestId)).toBe("released");
    for (const i of s.invitations) expect(await loadSurveyContext(s.db, i.id)).toBeNull();
    const responses = await s.db.select().from(t.responses).where(eq(t.responses.requestId, s.requestId));
    expect(responses.every((r) => r.invitationId === null)).toBe(true);
    // The cycle itself stays open for everyone else.
    const [cycle] = await s.db.select().from(t.cycles).where(eq(t.cycles.id, s.cycle.id));
    expect(cycle!.status).toBe("open");
  });

  it("a snapshot with a 2-peer group hides it, and its CSV, PDF and JSON carry the same suppression", async () => {
    const s = await answeredRequest({ self: true, manager: true, peers: 2, reports: 3, score: 4 });
    await closeCycle(s.db, s.org.organisation.id, s.cycle.id);
    await releaseCycle(s.db, hrActor(s.org.organisation.id), s.cycle.id);
    const subject = await viewerFor(s.db, s.org.organisation.id, s.org.manager.user.id);
    const report = await getReport(subject, s.requestId, "json");
    if (report.state !== "released") throw new Error("expected a released report");
    const snap: ReportSnapshot = report.snapshot;
    expect(snap.groups.map((g) => g.group)).toEqual(["self", "manager", "direct_report", "pooled"]);
    const item = snap.items.find((i) => i.key === "culture.leadership")!;
    expect(item.cells.find((c) => c.group === "pooled")).toMatchObject({ status: "suppressed" });
    expect(item.cells.find((c) => c.group === "others")).toMatchObject({ status: "shown", n: 4 }); // manager + 3 reports
    const csv = reportToCsv(snap);
    expect(csv).toContain("Other raters (pooled),suppressed,,,");
    expect(csv).toContain("All raters except self,shown,4,4.00");
    expect(csv).toContain("scale,,,,,,,,1 = Almost never … 5 = Almost always");
    expect(csv).not.toMatch(/Develop note from a peer/);
    const pdf = await reportToPdf(snap, new Date());
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(JSON.stringify(snap)).not.toMatch(/Develop note from a peer/);
  });
});

describe("who may read a report", () => {
  it("the subject, their line manager and HR as the cycle allows; nobody else; views by others are audited", async () => {
    const s = await answeredRequest({ manager: true, peers: 3, reports: 3 });
    const { db, org } = s;
    await closeCycle(db, org.organisation.id, s.cycle.id);
    await releaseReport(db, hrActor(org.organisation.id), s.requestId);
    const as = (userId: string) => viewerFor(db, org.organisation.id, userId);
    const other = await createPerson(db, org.organisation.id, { name: "Olga Othermanager", roles: ["manager"] });

    expect((await getReport(await as(org.manager.user.id), s.requestId, "page")).state).toBe("released");
    expect((await getReport(await as(org.director.user.id), s.requestId, "page")).state).toBe("released");
    expect((await getReport(await as(org.hr.user.id), s.requestId, "csv")).state).toBe("released");
    await expect(getReport(await as(other.user.id), s.requestId, "page")).rejects.toThrow(AppError);
    await expect(getReport(await as(org.reports[0]!.user.id), s.requestId, "page")).rejects.toThrow(/does not exist/);

    const audit = await db.select().from(t.auditLog).where(eq(t.auditLog.action, "report.viewed"));
    expect(audit.map((a) => a.actorUserId).sort()).toEqual([org.director.user.id, org.hr.user.id].sort());
    expect(JSON.stringify(audit)).not.toMatch(/score|comment|note/i);

    await db.update(t.cycles).set({ shareWithHr: false, shareWithLineManager: false }).where(eq(t.cycles.id, s.cycle.id));
    await expect(getReport(await as(org.hr.user.id), s.requestId, "page")).rejects.toThrow(AppError);
    await expect(getReport(await as(org.director.user.id), s.requestId, "page")).rejects.toThrow(AppError);
    expect((await getReport(await as(org.manager.user.id), s.requestId, "page")).state).toBe("released");
  });

  it("before release, there is no report: only whether each group has enough answers", async () => {
    const s = await answeredRequest({ manager: true, peers: 3 });
    const subject = await viewerFor(s.db, s.org.organisation.id, s.org.manager.user.id);
    const view = await getReport(subject, s.requestId, "page");
    expect(view.state).toBe("not_released");
    if (view.state === "not_released")
      expect(view.progress.find((p) => p.group === "peer")).toEqual({ group: "peer", kind: "anonymous", invited: 3, enough: true });
  });
});

describe("the job runner", () => {
  it("closes cycles past their close date, and releases personal requests at once", async () => {
    const s = await answeredRequest({ manager: true, peers: 3 });
    // The director's own personal request (the manager's HR request is still open: one at a time).
    const subject = await viewerFor(s.db, s.org.organisation.id, s.org.director.user.id);
    const personalRequest = await startPersonalRequest(s.db, subject, "2099-01-01");
    const [personal] = await s.db.select().from(t.feedbackRequests).where(eq(t.feedbackRequests.id, personalRequest));
    const later = new Date("2099-06-01T00:00:00Z");
    expect(await closeDueCycles(s.db, later)).toBe(2);
    const cycles = await s.db
      .select()
      .from(t.cycles)
      .where(inArray(t.cycles.id, [s.cycle.id, personal!.cycleId]));
    expect(cycles.find((c) => c.id === s.cycle.id)!.status).toBe("closed");
    expect(cycles.find((c) => c.id === personal!.cycleId)!.status).toBe("released");
    expect(await closeDueCycles(s.db, later)).toBe(0);
  });
});

describe("thresholds after release", () => {
  it("can be raised but never lowered once a report has been released", async () => {
    const s = await answeredRequest({ manager: true, peers: 3, reports: 3 }, { threshold: 4, commentThreshold: 4 });
    await closeCycle(s.db, s.org.organisation.id, s.cycle.id);
    await releaseReport(s.db, hrActor(s.org.organisation.id), s.requestId);
    await s.db.update(t.cycles).set({ threshold: 5, commentThreshold: 5 }).where(eq(t.cycles.id, s.cycle.id));
    const error = await s.db
      .update(t.cycles)
      .set({ threshold: 3 })
      .where(eq(t.cycles.id, s.cycle.id))
      .then(
        () => null,
        (e) => e,
      );
    expect(`${error?.message} ${error?.cause?.message}`).toMatch(/cycles_threshold_locked/);
  });
});

describe('migration 0007: the snapshot\'s "others" cells', () => {
  it("fills reports released before it from report_cells, with the numbers release writes", async () => {
    const s = await answeredRequest({ self: true, manager: true, peers: 3, reports: 3 });
    const { db, org, cycle, requestId } = s;
    await closeCycle(db, org.organisation.id, cycle.id);
    expect(await releaseReport(db, hrActor(org.organisation.id), requestId)).toBe("released");
    const [written] = await db.select().from(t.reportSnapshots).where(eq(t.reportSnapshots.requestId, requestId));
    expect(written!.othersCells.length).toBeGreaterThan(0);
    // As a report released before the column existed looks: the default, and its cells in
    // report_cells (the table as 0003 made it, and as release filled it until 0011 dropped it).
    await db.update(t.reportSnapshots).set({ othersCells: [] }).where(eq(t.reportSnapshots.requestId, requestId));
    const open = await getDatabase();
    const statement = (file: string, pattern: RegExp) =>
      readFileSync(path.join(process.cwd(), "drizzle", file), "utf8")
        .split("--> statement-breakpoint")
        .find((part) => pattern.test(part));
    const table = statement("0003_report_cells.sql", /CREATE TABLE "report_cells"/);
    const backfill = statement("0007_snapshot_others_cells.sql", /UPDATE "report_snapshots"/);
    expect(table).toBeDefined();
    expect(backfill).toBeDefined();
    await open.query(table!);
    try {
      for (const c of shownCells(written!.data as ReportSnapshot))
        await open.query(
          `insert into report_cells (organisation_id, cycle_id, request_id, team_id, item_key, rater_group, n, sum)
           values ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [org.organisation.id, cycle.id, requestId, written!.teamId, c.itemKey, c.raterGroup, c.n, c.sum],
        );
      await open.query(backfill!);
    } finally {
      await open.query(`drop table report_cells`);
    }
    const [filled] = await db.select().from(t.reportSnapshots).where(eq(t.reportSnapshots.requestId, requestId));
    expect(sortCells(filled!.othersCells)).toEqual(sortCells(written!.othersCells));
  });
});
