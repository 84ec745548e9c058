import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { loadRequestFor } from "@/lib/auth/permissions";
import { launchCycle, saveDraftCycle } from "@/lib/cycles/admin";
import { getTeamDashboard } from "@/lib/dashboards/team";
import { getDb, type Database } from "@/lib/db";
import * as t from "@/lib/db/schema";
import type { ReportSnapshot } from "@/lib/report/types";
import { erasePerson } from "@/lib/people/privacy";
import { nominatePerson } from "@/lib/requests/nominations";
import { getRequestPage } from "@/lib/requests/page-data";
import { ensureRequest, startPersonalRequest, startRequestInCycle } from "@/lib/requests/start";
import { reportToCsv } from "@/lib/reports/csv";
import { getReport } from "@/lib/reports/queries";
import { closeCycle, releaseReport } from "@/lib/reports/release";
import { loadSurveyContext, submitResponse } from "@/lib/surveys/responses";
import { itemKeyOf, NOT_OBSERVED, withDefaults } from "@/lib/surveys/schema";
import { createCycle, createPerson, createSmallOrganisation } from "@/tests/fixtures/factories";
import { viewerFor } from "@/tests/fixtures/viewer";
import { asHr } from "@/lib/auth/permissions";
import { cycleForm } from "@/tests/fixtures/cycle-form";

/**
 * The attacks of issue 17 that combine reports: each recovered a real rater's scores on the code
 * before the ledger. Here they run through the real nomination, survey, close and release code.
 */

type Org = Awaited<ReturnType<typeof createSmallOrganisation>>;
const hrActor = (organisationId: string) => ({ userId: null, organisation: { id: organisationId } });

/** A rater's answer to an item: a score, or null for "not observed". */
type Scorer = number | ((itemKey: string) => number | null);

/** One released report on the manager: the given peers answer with their own scores. */
async function releasedReportOn(
  db: Database,
  org: Org,
  raters: { id: string; score: Scorer }[],
  extra: Partial<typeof t.cycles.$inferInsert> = {},
  beforeRelease?: () => Promise<unknown>,
) {
  const cycle = await createCycle(db, org.organisation.id, { shareWithHr: true, ...extra });
  const requestId = await ensureRequest(db, org.organisation.id, cycle.id, org.manager);
  const subject = await viewerFor(db, org.organisation.id, org.manager.user.id);
  for (const r of raters)
    await nominatePerson(db, await loadRequestFor(subject, requestId, "manage", db), { personId: r.id, group: "peer" });
  await db.update(t.invitations).set({ status: "sent", sentAt: new Date() }).where(eq(t.invitations.requestId, requestId));
  await db.update(t.feedbackRequests).set({ status: "collecting" }).where(eq(t.feedbackRequests.id, requestId));
  for (const r of raters) {
    const [invitation] = await db
      .select()
      .from(t.invitations)
      .where(and(eq(t.invitations.requestId, requestId), eq(t.invitations.raterPersonId, r.id)));
    const ctx = (await loadSurveyContext(db, invitation!.id))!;
    const values = withDefaults(ctx.questionnaire, null);
    for (const field of Object.keys(values.answers)) {
      const score = typeof r.score === "number" ? r.score : r.score(itemKeyOf(field));
      values.answers[field] = (score === null ? NOT_OBSERVED : String(score)) as "1";
    }
    await submitResponse(db, ctx, values, "first");
  }
  await closeCycle(db, org.organisation.id, cycle.id);
  await beforeRelease?.();
  await releaseReport(db, hrActor(org.organisation.id), requestId);
  const [row] = await db.select().from(t.reportSnapshots).where(eq(t.reportSnapshots.requestId, requestId));
  return { cycle, requestId, snapshot: row!.data as ReportSnapshot };
}

const peerCell = (s: ReportSnapshot, group = "peer") => s.items[0]!.cells.find((c) => c.group === group);

async function fourPeers(db: Database, org: Org) {
  const extra = await createPerson(db, org.organisation.id, { name: "Pia Peer", lineManagerId: org.director.id });
  return [org.peers[1]!, org.peers[2]!, org.peers[3]!, extra];
}

describe("reports of one person, taken together (issue 17)", () => {
  it("A, B, C in one cycle and A, B, C, D in the next: the second report withholds peers, so D = 4 x Y - 3 x X gives nothing", async () => {
    const db = await getDb();
    const org = await createSmallOrganisation(db);
    const [a, b, c, d] = await fourPeers(db, org);
    const x = await releasedReportOn(
      db,
      org,
      [a!, b!, c!].map((p) => ({ id: p.id, score: 3 })),
    );
    expect(peerCell(x.snapshot)).toMatchObject({ status: "shown", n: 3, mean: 3 });
    const y = await releasedReportOn(db, org, [...[a!, b!, c!].map((p) => ({ id: p.id, score: 3 })), { id: d!.id, score: 1 }]);
    expect(peerCell(y.snapshot)).toMatchObject({ status: "suppressed" });
    expect(peerCell(y.snapshot)!.reason).toMatch(/earlier report/);
    expect(peerCell(y.snapshot, "others")?.status).not.toBe("shown");
    // D's score (1) appears nowhere in the second report.
    expect(JSON.stringify(y.snapshot.items.flatMap((i) => i.cells.map((c) => c.mean)))).not.toMatch(/2\.5/);

    // HR's dashboard, switching the cycle filter: the second cycle shows no cell for the manager.
    const hr = asHr(await viewerFor(db, org.organisation.id, org.hr.user.id));
    const first = await getTeamDashboard(hr, { cycleId: x.cycle.id });
    const second = await getTeamDashboard(hr, { cycleId: y.cycle.id });
    if (first.state !== "ready" || second.state !== "ready") throw new Error("expected dashboards");
    expect(first.heatmap.find((r) => r.requestId === x.requestId)!.cells.some((c) => c !== null)).toBe(true);
    expect(second.heatmap.find((r) => r.requestId === y.requestId)!.cells.every((c) => c === null)).toBe(true);
  });

  it("before sending, the person is told which of their raters rated them for an earlier report", async () => {
    const db = await getDb();
    const org = await createSmallOrganisation(db);
    const [a, b, c, d] = await fourPeers(db, org);
    const x = await releasedReportOn(
      db,
      org,
      [a!, b!, c!].map((p) => ({ id: p.id, score: 3 })),
    );
    const cycle = await createCycle(db, org.organisation.id);
    const requestId = await ensureRequest(db, org.organisation.id, cycle.id, org.manager);
    const subject = await viewerFor(db, org.organisation.id, org.manager.user.id);
    expect((await getRequestPage(subject, requestId)).earlierOverlap).toBeNull();
    for (const p of [a!, d!])
      await nominatePerson(db, await loadRequestFor(subject, requestId, "manage", db), { personId: p.id, group: "peer" });
    expect((await getRequestPage(subject, requestId)).earlierOverlap).toEqual({ cycleName: x.cycle.name, shared: 1 });
  });

  it("three peers withheld at k = 4 come back at k = 3: the later report keeps 4, and the request page says so first", async () => {
    const db = await getDb();
    const org = await createSmallOrganisation(db);
    const [a, b, c] = await fourPeers(db, org);
    const three = [a!, b!, c!].map((p) => ({ id: p.id, score: 2 }));
    const x = await releasedReportOn(db, org, three, { threshold: 4, commentThreshold: 4 });
    expect(peerCell(x.snapshot)?.status).not.toBe("shown");

    // Before the second cycle's raters are sent, the page already judges groups at 4.
    const cycle = await createCycle(db, org.organisation.id, { threshold: 3 });
    const requestId = await ensureRequest(db, org.organisation.id, cycle.id, org.manager);
    const subject = await viewerFor(db, org.organisation.id, org.manager.user.id);
    expect((await getRequestPage(subject, requestId)).threshold).toBe(4);
    await db.delete(t.feedbackRequests).where(eq(t.feedbackRequests.id, requestId));

    const y = await releasedReportOn(db, org, three, { threshold: 3 });
    expect(y.snapshot.threshold).toBe(4);
    expect(y.snapshot.commentThreshold).toBe(4);
    for (const group of ["peer", "pooled", "others"]) expect(peerCell(y.snapshot, group)?.status).not.toBe("shown");
  });

  it("released out of order: A at k = 4 closed but not released, B at k = 3 over three of A's raters keeps 4", async () => {
    const db = await getDb();
    const org = await createSmallOrganisation(db);
    const [a, b, c, d] = await fourPeers(db, org);
    let later: Awaited<ReturnType<typeof releasedReportOn>> | undefined;
    const first = await releasedReportOn(
      db,
      org,
      [a!, b!, c!, d!].map((p) => ({ id: p.id, score: 2 })),
      { threshold: 4, commentThreshold: 4 },
      // Before HR releases A, the person's next request runs and is released first (adversary, issue 20).
      async () => {
        later = await releasedReportOn(
          db,
          org,
          [a!, b!, c!].map((p) => ({ id: p.id, score: 2 })),
          { threshold: 3 },
        );
      },
    );
    expect(first.snapshot.threshold).toBe(4);
    expect(later!.snapshot.threshold).toBe(4);
    for (const group of ["peer", "pooled", "others"]) expect(peerCell(later!.snapshot, group)?.status).not.toBe("shown");
  });

  it("a peer whose directory address changes between cycles is still the same rater to the ledger", async () => {
    const db = await getDb();
    const org = await createSmallOrganisation(db);
    const [a, b, c, d] = await fourPeers(db, org);
    await releasedReportOn(
      db,
      org,
      [a!, b!, c!].map((p) => ({ id: p.id, score: 3 })),
    );
    // A domain move: every address changes, the people stay.
    for (const p of [a!, b!, c!])
      await db
        .update(t.people)
        .set({ email: `moved.${p.email}` })
        .where(eq(t.people.id, p.id));
    const y = await releasedReportOn(db, org, [...[a!, b!, c!].map((p) => ({ id: p.id, score: 3 })), { id: d!.id, score: 1 }]);
    expect(peerCell(y.snapshot)?.status).toBe("suppressed");
  });

  it("erasing a rater between close and release does not split them in two: F stays hidden", async () => {
    const db = await getDb();
    const org = await createSmallOrganisation(db);
    const [a, b, e, f] = await fourPeers(db, org);
    const hr = asHr(await viewerFor(db, org.organisation.id, org.hr.user.id));
    await releasedReportOn(
      db,
      org,
      [a!, b!, e!].map((p) => ({ id: p.id, score: 3 })),
    );
    const y = await releasedReportOn(db, org, [...[a!, b!, e!].map((p) => ({ id: p.id, score: 3 })), { id: f!.id, score: 1 }], {}, () =>
      erasePerson(db, hr, e!.id),
    );
    expect(peerCell(y.snapshot)?.status).toBe("suppressed");
  });

  it("a rater erased after one report and re-added with the same address is still the same rater", async () => {
    const db = await getDb();
    const org = await createSmallOrganisation(db);
    const [a, b, e, f] = await fourPeers(db, org);
    const hr = asHr(await viewerFor(db, org.organisation.id, org.hr.user.id));
    await releasedReportOn(
      db,
      org,
      [a!, b!, e!].map((p) => ({ id: p.id, score: 3 })),
    );
    const [row] = await db.select().from(t.people).where(eq(t.people.id, e!.id));
    await erasePerson(db, hr, e!.id);
    const again = await createPerson(db, org.organisation.id, { name: row!.name, email: row!.email, lineManagerId: org.director.id });
    const y = await releasedReportOn(db, org, [...[a!, b!, again].map((p) => ({ id: p.id, score: 3 })), { id: f!.id, score: 1 }]);
    expect(peerCell(y.snapshot)?.status).toBe("suppressed");
  });

  /** The subject erased by HR and added again as a new directory entry, with the given address. */
  async function subjectAddedAgain(db: Database, org: Org, email: (old: string) => string, erase = true): Promise<Org> {
    const hr = asHr(await viewerFor(db, org.organisation.id, org.hr.user.id));
    const old = org.manager;
    if (erase) await erasePerson(db, hr, old.id);
    const again = await createPerson(db, org.organisation.id, {
      name: old.name,
      email: email(old.email),
      lineManagerId: org.director.id,
      roles: ["manager"],
    });
    return { ...org, manager: again };
  }

  it("a subject erased and added again under the same address keeps their ledger: the new entry's report withholds peers", async () => {
    const db = await getDb();
    const org = await createSmallOrganisation(db);
    const [a, b, c, d] = await fourPeers(db, org);
    const x = await releasedReportOn(
      db,
      org,
      [a!, b!, c!].map((p) => ({ id: p.id, score: 3 })),
    );
    expect(peerCell(x.snapshot)).toMatchObject({ status: "shown", n: 3 });
    const readded = await subjectAddedAgain(db, org, (old) => old);
    const y = await releasedReportOn(db, readded, [...[a!, b!, c!].map((p) => ({ id: p.id, score: 3 })), { id: d!.id, score: 1 }]);
    expect(peerCell(y.snapshot)).toMatchObject({ status: "suppressed" });
    expect(peerCell(y.snapshot)!.reason).toMatch(/earlier report/);
    expect(peerCell(y.snapshot, "others")?.status).not.toBe("shown");
  });

  it("a second entry for the same mailbox written another way (capitals, a +tag) shares the first entry's ledger and its k", async () => {
    const db = await getDb();
    const org = await createSmallOrganisation(db);
    const [a, b, c, d] = await fourPeers(db, org);
    const four = [a!, b!, c!, d!].map((p) => ({ id: p.id, score: 2 }));
    await releasedReportOn(db, org, four, { threshold: 4, commentThreshold: 4 });
    // Imported again while the first entry still exists: no erasure, another spelling.
    const second = await subjectAddedAgain(db, org, (old) => old.replace("@", "+again@").toUpperCase(), false);
    expect(second.manager.id).not.toBe(org.manager.id);
    const y = await releasedReportOn(
      db,
      second,
      [a!, b!, c!].map((p) => ({ id: p.id, score: 2 })),
      { threshold: 3 },
    );
    // Three of the four raters, at the k of 4 the first report promised: not shown anywhere.
    expect(y.snapshot.threshold).toBe(4);
    for (const group of ["peer", "pooled", "others"]) expect(peerCell(y.snapshot, group)?.status).not.toBe("shown");
  });

  it("a report released before subject keys existed still joins: the erasure keys it before the address goes", async () => {
    const db = await getDb();
    const org = await createSmallOrganisation(db);
    const [a, b, c, d] = await fourPeers(db, org);
    const x = await releasedReportOn(
      db,
      org,
      [a!, b!, c!].map((p) => ({ id: p.id, score: 3 })),
    );
    await db.update(t.feedbackRequests).set({ subjectKey: null }).where(eq(t.feedbackRequests.id, x.requestId));
    const readded = await subjectAddedAgain(db, org, (old) => old);
    const y = await releasedReportOn(db, readded, [...[a!, b!, c!].map((p) => ({ id: p.id, score: 3 })), { id: d!.id, score: 1 }]);
    expect(peerCell(y.snapshot)?.status).toBe("suppressed");
  });

  it("an entry whose address becomes an earlier entry's after its request started is joined at release", async () => {
    const db = await getDb();
    const org = await createSmallOrganisation(db);
    const [a, b, c, d] = await fourPeers(db, org);
    await releasedReportOn(
      db,
      org,
      [a!, b!, c!].map((p) => ({ id: p.id, score: 3 })),
    );
    const address = org.manager.email;
    const readded = await subjectAddedAgain(db, org, (old) => old.replace("@", ".new@"));
    const y = await releasedReportOn(db, readded, [...[a!, b!, c!].map((p) => ({ id: p.id, score: 3 })), { id: d!.id, score: 1 }], {}, () =>
      // HR corrects the new entry's address to the one the erased entry had, before release.
      db.update(t.people).set({ email: address }).where(eq(t.people.id, readded.manager.id)),
    );
    expect(peerCell(y.snapshot)?.status).toBe("suppressed");
  });

  it("one open request per person holds across a second entry for the same mailbox", async () => {
    const db = await getDb();
    const org = await createSmallOrganisation(db);
    const open = await createCycle(db, org.organisation.id);
    await ensureRequest(db, org.organisation.id, open.id, org.manager);
    await db.update(t.feedbackRequests).set({ status: "collecting" }).where(eq(t.feedbackRequests.cycleId, open.id));
    const second = await subjectAddedAgain(db, org, (old) => old.replace("@", "+second@"), false);
    const subject = await viewerFor(db, org.organisation.id, second.manager.user.id);
    await expect(startPersonalRequest(db, subject, new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10))).rejects.toThrow(
      /already have feedback open in/,
    );
  });

  it("four personal requests with three of the same four peers: the fourth withholds peers", async () => {
    const db = await getDb();
    const org = await createSmallOrganisation(db);
    const [a, b, c, d] = await fourPeers(db, org);
    const scores = new Map([a, b, c, d].map((p, i) => [p!.id, 5 - i]));
    const trios = [
      [a, b, c],
      [a, b, d],
      [a, c, d],
      [b, c, d],
    ];
    const shown: (string | undefined)[] = [];
    for (const trio of trios) {
      const r = await releasedReportOn(
        db,
        org,
        trio.map((p) => ({ id: p!.id, score: scores.get(p!.id)! })),
        { kind: "personal" },
      );
      shown.push(peerCell(r.snapshot)?.status);
    }
    expect(shown).toEqual(["shown", "shown", "shown", "suppressed"]);
  });

  it("spread: six peers gave {1, 1, 1, 1, 2, 2}; the report shows no number and no band that would say so", async () => {
    const db = await getDb();
    const org = await createSmallOrganisation(db);
    const peers = await fourPeers(db, org);
    for (const name of ["Pam Peer", "Percy Peer"])
      peers.push(await createPerson(db, org.organisation.id, { name, lineManagerId: org.director.id }));
    const culture = [1, 1, 1, 1, 2, 2];
    const { snapshot } = await releasedReportOn(
      db,
      org,
      peers.map((p, i) => ({
        id: p!.id,
        // Only three of them observed the management pole, so the band would stand on the first alone.
        score: (key: string) => (key === "culture.leadership" ? culture[i]! : key === "culture.management" && i > 2 ? null : 3),
      })),
    );
    const cell = snapshot.items.find((i) => i.key === "culture.leadership")!.cells.find((c) => c.group === "peer");
    expect(cell).toMatchObject({ status: "shown", n: 6, mean: 1.33 });
    // Mean 1.33 over 6 is {1,1,1,1,2,2} or {1,1,1,1,1,3}; "agree" would have said which.
    expect(snapshot.agreement.find((a) => a.dimensionKey === "culture")).toBeUndefined();
    expect(snapshot.agreement.every((a) => a.spread === undefined && a.n >= 6)).toBe(true);
  });

  it("reports released before the band rule never show their stored spread again", async () => {
    const db = await getDb();
    const org = await createSmallOrganisation(db);
    const peers = await fourPeers(db, org);
    for (const name of ["Pam Peer", "Percy Peer"])
      peers.push(await createPerson(db, org.organisation.id, { name, lineManagerId: org.director.id }));
    const { requestId, snapshot } = await releasedReportOn(
      db,
      org,
      peers.map((p, i) => ({ id: p!.id, score: 2 + (i % 3) })),
    );
    expect(snapshot.agreement.length).toBeGreaterThan(0);
    // As an older release stored it: with the spread to two decimals.
    const legacy = { ...snapshot, agreement: snapshot.agreement.map((a) => ({ ...a, spread: 0.89 })) };
    await db.update(t.reportSnapshots).set({ data: legacy }).where(eq(t.reportSnapshots.requestId, requestId));
    const subject = await viewerFor(db, org.organisation.id, org.manager.user.id);
    const report = await getReport(subject, requestId, "page");
    if (report.state !== "released") throw new Error("expected a released report");
    expect(report.snapshot.agreement.length).toBe(snapshot.agreement.length);
    expect(report.snapshot.agreement.every((a) => a.spread === undefined)).toBe(true);
    expect(reportToCsv(report.snapshot)).not.toMatch(/0\.89/);
  });

  it("a person has one open request at a time, across HR cycles and personal requests", async () => {
    const db = await getDb();
    const org = await createSmallOrganisation(db);
    const hr = asHr(await viewerFor(db, org.organisation.id, org.hr.user.id));
    const manager = await viewerFor(db, org.organisation.id, org.manager.user.id);
    const form = (name: string) => cycleForm({ name });
    const first = await saveDraftCycle(db, hr, form("Autumn"));
    expect((await launchCycle(db, hr, first)).subjects).toBe(2);
    // A second HR cycle at the same time leaves out everyone who already has feedback open.
    const second = await saveDraftCycle(db, hr, form("Autumn, again"));
    const launched = await launchCycle(db, hr, second);
    expect(launched.subjects).toBe(0);
    expect(launched.leftOut.map((l) => l.name).sort()).toEqual(["Dana Director", "Max Manager"]);
    await expect(startRequestInCycle(db, manager, second)).rejects.toThrow(/already have feedback open in Autumn/);
    // A personal request beside it is refused too, with the reason.
    await expect(startPersonalRequest(db, manager, new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10))).rejects.toThrow(
      /One feedback request runs at a time/,
    );
    const requests = await db.select().from(t.feedbackRequests).where(eq(t.feedbackRequests.subjectPersonId, org.manager.id));
    expect(requests).toHaveLength(1);
    // Once the first has closed, the manager can start theirs in the second cycle.
    await closeCycle(db, org.organisation.id, first);
    expect(await startRequestInCycle(db, manager, second)).toEqual(expect.any(String));
  });
});
