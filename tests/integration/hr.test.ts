import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import * as t from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { launchCycle, saveDraftCycle, closeCycleAsHr, releaseAllAsHr } from "@/lib/cycles/admin";
import { getCycleAdminPage } from "@/lib/cycles/completion";
import { getTeamDashboard } from "@/lib/dashboards/team";
import { listAudit } from "@/lib/audit";
import { addPerson, editPerson, getPerson, setPersonActive, setPersonRoles } from "@/lib/people/admin";
import { applyImport, previewImport } from "@/lib/people/import";
import { getReport } from "@/lib/reports/queries";
import { createOrganisation, createPerson, createSmallOrganisation } from "@/tests/fixtures/factories";
import { answerCycle } from "@/tests/fixtures/requests";
import { viewerFor } from "@/tests/fixtures/viewer";
import { asHr } from "@/lib/auth/permissions";
import type { CycleForm } from "@/lib/cycles/schemas";
import type { ReportSnapshot } from "@/lib/report/types";
import { cycleForm } from "@/tests/fixtures/cycle-form";

async function hrOrganisation() {
  const db = await getDb();
  const org = await createOrganisation(db, "Importers");
  const hr = await createPerson(db, org.id, { name: "Helen Hr", roles: ["hr"] });
  return { db, org, hr, viewer: asHr(await viewerFor(db, org.id, hr.user.id)) };
}

const csv = (rows: string[]) => ["name,email,team,line manager's email", ...rows].join("\n");

const form = (over: Partial<CycleForm> = {}) => cycleForm({ customItems: ["Lives our value of candour"], ...over });

describe("directory import", () => {
  it("imports nothing from a file with a bad row, and everything from a clean one, in one go", async () => {
    const { db, org, viewer } = await hrOrganisation();
    const bad = csv(["Ann,ann@x.test,Ops,", "Bob,bob@x.test,Ops,nobody@x.test", "Cat,cat@x.test,Ops,ann@x.test"]);
    const preview = await previewImport(db, viewer, bad);
    expect(preview.ok).toBe(false);
    expect(preview.problems.map((p) => p.row)).toEqual([3]);
    await expect(applyImport(db, viewer, bad)).rejects.toThrow(/nothing was imported/);
    expect(await db.select().from(t.people).where(eq(t.people.organisationId, org.id))).toHaveLength(1); // only HR

    const good = csv(["Ann,ann@x.test,Ops,", "Bob,bob@x.test,Ops,ann@x.test", "Cat,cat@x.test,Sales,ann@x.test"]);
    expect(await applyImport(db, viewer, good)).toEqual({ created: 3, updated: 0 });
    const people = await db.select().from(t.people).where(eq(t.people.organisationId, org.id));
    const ann = people.find((p) => p.email === "ann@x.test")!;
    expect(people.find((p) => p.email === "bob@x.test")!.lineManagerId).toBe(ann.id);
    // Ann has reports: she can ask for feedback as a manager.
    const annViewer = await viewerFor(db, org.id, ann.userId!);
    expect(annViewer.roles.sort()).toEqual(["employee", "manager"]);
  });

  it("updates people by e-mail on re-import and refuses a reporting loop", async () => {
    const { db, org, viewer } = await hrOrganisation();
    await applyImport(db, viewer, csv(["Ann,ann@x.test,Ops,", "Bob,bob@x.test,Ops,ann@x.test"]));
    expect(await applyImport(db, viewer, csv(["Ann Smith,ann@x.test,Ops,", "Bob,bob@x.test,Sales,ann@x.test"]))).toEqual({
      created: 0,
      updated: 2,
    });
    const [ann] = await db.select().from(t.people).where(eq(t.people.email, "ann@x.test"));
    expect(ann!.name).toBe("Ann Smith");
    await expect(applyImport(db, viewer, csv(["Ann,ann@x.test,Ops,bob@x.test"]))).rejects.toThrow(AppError);
  });
});

describe("people administration", () => {
  it("adds, edits, refuses loops, deactivates (ending sessions) and keeps at least one HR", async () => {
    const { db, org, viewer, hr } = await hrOrganisation();
    const bossId = await addPerson(db, viewer, { name: "Bea Boss", email: "bea@x.test", team: "Ops", managerId: "" });
    const staffId = await addPerson(db, viewer, { name: "Sid Staff", email: "sid@x.test", team: "Ops", managerId: bossId });
    await expect(addPerson(db, viewer, { name: "Again", email: "sid@x.test", team: "", managerId: "" })).rejects.toThrow(
      /already in the directory/,
    );
    await expect(editPerson(db, viewer, { personId: bossId, name: "Bea Boss", team: "Ops", managerId: staffId })).rejects.toThrow(
      /reporting loop/,
    );

    const sid = await getPerson(db, org.id, staffId);
    const [user] = await db.select().from(t.users).where(eq(t.users.email, "sid@x.test"));
    await db.insert(t.sessions).values({ sessionToken: "hashed-token", userId: user!.id, expires: new Date(Date.now() + 86400_000) });
    await setPersonActive(db, viewer, sid.id, false);
    expect(await db.select().from(t.sessions).where(eq(t.sessions.userId, user!.id))).toEqual([]);
    expect(await viewerFor(db, org.id, user!.id).catch(() => null)).toBeNull();

    await expect(setPersonRoles(db, viewer, hr.id, { hr: false, manager: false })).rejects.toThrow(/at least one HR/);
    await setPersonRoles(db, viewer, bossId, { hr: true, manager: true });
    const audit = await db.select({ action: t.auditLog.action }).from(t.auditLog).where(eq(t.auditLog.organisationId, org.id));
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["person.added", "person.deactivated", "role.granted"]));
  });
});

describe("cycles run by HR", () => {
  it("launch creates a request per subject in scope, freezes the wording, and reaches the dashboard only through released reports", async () => {
    const db = await getDb();
    const s = await createSmallOrganisation(db);
    const hr = asHr(await viewerFor(db, s.organisation.id, s.hr.user.id));
    const cycleId = await saveDraftCycle(db, hr, form());
    expect(await launchCycle(db, hr, cycleId)).toEqual({ subjects: 2, leftOut: [] }); // the director and the manager have reports
    await expect(launchCycle(db, hr, cycleId)).rejects.toThrow(/already been launched/);
    await expect(saveDraftCycle(db, hr, form({ threshold: 5 }), cycleId)).rejects.toThrow(/keeps the settings/);
    const [cycle] = await db.select().from(t.cycles).where(eq(t.cycles.id, cycleId));
    expect((cycle!.questionnaire as { customItems: unknown[] }).customItems).toEqual([
      { key: "custom.1", text: "Lives our value of candour" },
    ]);

    expect((await getTeamDashboard(hr, { cycleId })).state).toBe("empty");
    await answerCycle(db, cycleId);
    // While open, no live answer count (a decoy request would make it one person's count).
    expect((await getCycleAdminPage(hr, cycleId)).overall.shown).toBe(false);
    await closeCycleAsHr(db, hr, cycleId);
    // Closed: two requests and well over k responses, frozen: the cycle's total may be shown.
    const completion = await getCycleAdminPage(hr, cycleId);
    expect(completion.overall.shown && completion.overall.responded).toBeGreaterThan(0);
    expect(await releaseAllAsHr(db, hr, cycleId)).toBe(2);

    const dashboard = await getTeamDashboard(hr, { cycleId });
    if (dashboard.state !== "ready") throw new Error("expected a dashboard");
    // Every shown cell is backed by at least k raters; nothing else appears.
    for (const row of dashboard.heatmap) for (const c of Object.values(row.cells)) if (c) expect(c.n).toBeGreaterThanOrEqual(3);
    for (const c of Object.values(dashboard.team)) if (c.status === "shown") expect(c.n).toBeGreaterThanOrEqual(3);
    // Each person's shown cell is exactly their report's published "others" cell, and every such
    // cell is there: the dashboard adds nothing of its own and loses nothing.
    const snapshots = await db
      .select({ requestId: t.reportSnapshots.requestId, data: t.reportSnapshots.data })
      .from(t.reportSnapshots)
      .where(eq(t.reportSnapshots.cycleId, cycleId));
    expect(dashboard.heatmap.map((r) => r.requestId).sort()).toEqual(snapshots.map((r) => r.requestId).sort());
    let shownCells = 0;
    for (const row of dashboard.heatmap) {
      const report = snapshots.find((r) => r.requestId === row.requestId)!.data as ReportSnapshot;
      dashboard.items.forEach((item, i) => {
        const published = report.items.find((x) => x.key === item.key)?.cells.find((c) => c.group === "others" && c.status === "shown");
        expect(row.cells[i] ?? null).toEqual(published ? { mean: published.mean, n: published.n } : null);
        if (published) shownCells++;
      });
    }
    expect(shownCells).toBeGreaterThan(0);
    // The first heatmap page holds the released reports (fewer than a page here); the rest follow on later pages.
    expect(dashboard.heatmapPage).toMatchObject({ page: 1, total: dashboard.heatmap.length, from: 1 });
    expect(dashboard.heatmapPage.rows).toEqual(dashboard.heatmap.slice(0, 50));
    // A team's dashboard holds exactly the released reports of that team's people.
    let inTeams = 0;
    for (const team of dashboard.teams) {
      const view = await getTeamDashboard(hr, { cycleId, teamId: team.id });
      if (view.state !== "ready") throw new Error("expected a dashboard");
      expect(view.teamName).toBe(team.name);
      const released = await db
        .select({ requestId: t.reportSnapshots.requestId })
        .from(t.reportSnapshots)
        .where(and(eq(t.reportSnapshots.cycleId, cycleId), eq(t.reportSnapshots.teamId, team.id)));
      expect(view.heatmap.map((r) => r.requestId).sort()).toEqual(released.map((r) => r.requestId).sort());
      inTeams += view.heatmap.length;
    }
    expect(inTeams).toBeGreaterThan(0);
    // Every published cell (the snapshots are the one published store) stands for at least one answer.
    const cells = await db
      .select({
        n: sql<number>`min((c ->> 'n')::int)`.mapWith(Number),
        count: sql<number>`count(*)`.mapWith(Number),
      })
      .from(
        sql`${t.reportSnapshots}, jsonb_array_elements(${t.reportSnapshots.data} -> 'items') as i, jsonb_array_elements(i -> 'cells') as c`,
      )
      .where(and(eq(t.reportSnapshots.cycleId, cycleId), sql`c ->> 'status' = 'shown'`));
    expect(cells[0]!.count).toBeGreaterThan(0);
    expect(cells[0]!.n).toBeGreaterThan(0);

    const audit = await listAudit(hr);
    expect(audit.entries.map((e) => e.action)).toEqual(
      expect.arrayContaining(["cycle.created", "cycle.launched", "cycle.closed", "reports.released"]),
    );
    expect(JSON.stringify(audit.entries)).not.toMatch(/Keep sharing/);
  });

  it("refuses a close date before the open date and k outside 3-10 (schema), and scopes everything to the organisation", async () => {
    const { cycleFormSchema } = await import("@/lib/cycles/schemas");
    expect(cycleFormSchema.safeParse(form({ closesOn: "2025-12-31" })).error?.issues[0]?.path).toEqual(["closesOn"]);
    expect(cycleFormSchema.safeParse(form({ threshold: 11, commentThreshold: 11 })).success).toBe(false);
    expect(cycleFormSchema.safeParse(form({ threshold: 2 })).success).toBe(false);

    const db = await getDb();
    const a = await createSmallOrganisation(db);
    const b = await createSmallOrganisation(db);
    const hrA = asHr(await viewerFor(db, a.organisation.id, a.hr.user.id));
    const hrB = asHr(await viewerFor(db, b.organisation.id, b.hr.user.id));
    const cycleB = await saveDraftCycle(db, hrB, form());
    await expect(getCycleAdminPage(hrA, cycleB)).rejects.toThrow(/does not exist/);
    await expect(launchCycle(db, hrA, cycleB)).rejects.toThrow(/does not exist/);
    await expect(getPerson(db, a.organisation.id, b.manager.id)).rejects.toThrow(/does not exist/);
    await expect(setPersonActive(db, hrA, b.manager.id, false)).rejects.toThrow(/does not exist/);
    await expect(getReport(hrA, crypto.randomUUID(), "page")).rejects.toThrow(/does not exist/);
    // Employees are not HR: the one HR rule (asHr, behind every HR declaration) refuses them before any HR query runs.
    const employee = await viewerFor(db, a.organisation.id, a.reports[0]!.user.id);
    await expect(Promise.resolve().then(() => getCycleAdminPage(asHr(employee), cycleB))).rejects.toThrow(/does not exist/);
  });
});

describe("several organisations", () => {
  it("a user who belongs to two organisations sees one at a time, and only ones they belong to", async () => {
    const db = await getDb();
    const a = await createSmallOrganisation(db);
    const b = await createOrganisation(db, "Second");
    // The same user (same e-mail) is HR in B as well.
    await createPerson(db, b.id, { name: a.manager.name, email: a.manager.email, roles: ["hr"] });
    const { resolveViewer } = await import("@/lib/auth/viewer");
    const user = { id: a.manager.user.id, email: a.manager.email, name: a.manager.name };
    const inA = await resolveViewer(db, user, a.organisation.id);
    const inB = await resolveViewer(db, user, b.id);
    expect(inA!.organisation.id).toBe(a.organisation.id);
    expect(inA!.roles).not.toContain("hr");
    expect(inB!.organisation.id).toBe(b.id);
    expect(inB!.roles).toContain("hr");
    expect(inA!.organisations.map((o) => o.id).sort()).toEqual([a.organisation.id, b.id].sort());
    // A preference for an organisation they do not belong to is ignored.
    const stranger = await createOrganisation(db, "Stranger");
    expect((await resolveViewer(db, user, stranger.id))!.organisation.id).not.toBe(stranger.id);
  });
});

describe("identity from a session cookie", () => {
  it("finds a live session by its hash in one statement; expired, unknown and deactivated callers get nothing", async () => {
    const db = await getDb();
    const { resolveIdentity } = await import("@/lib/auth/viewer");
    const { hashToken } = await import("@/lib/tokens");
    const { countStatements, queryStats } = await import("@/bench/statement-counter");
    countStatements(await (await import("@/lib/db")).getDatabase());
    const a = await createSmallOrganisation(db);
    const b = await createOrganisation(db, "Second");
    await createPerson(db, b.id, { name: a.manager.name, email: a.manager.email, roles: ["hr"] });
    const rawTokens = new Map<string, string>();
    const session = async (userId: string, ms: number) => {
      const token = `token-${crypto.randomUUID()}`;
      await db.insert(t.sessions).values({ sessionToken: hashToken(token), userId, expires: new Date(Date.now() + ms) });
      rawTokens.set(hashToken(token), token);
      return hashToken(token);
    };

    const live = await session(a.manager.user.id, 86400_000);
    const before = queryStats.statements;
    const identity = await resolveIdentity(db, live, b.id);
    expect(queryStats.statements - before).toBe(1);
    expect(identity!.user).toEqual({ id: a.manager.user.id, email: a.manager.email, name: expect.any(String) });
    expect(identity!.viewer!.organisation.id).toBe(b.id);
    expect(identity!.viewer!.roles).toContain("hr");
    expect(identity!.viewer!.organisations.map((o) => o.id).sort()).toEqual([a.organisation.id, b.id].sort());
    // The same as the viewer resolved from the user alone.
    const { resolveViewer } = await import("@/lib/auth/viewer");
    expect(identity!.viewer).toEqual(await resolveViewer(db, identity!.user, b.id));

    // Only the hash is stored: the raw token, or an unknown one, finds nothing; nor does an expired session.
    expect(await resolveIdentity(db, rawTokens.get(live)!)).toBeNull();
    expect(await resolveIdentity(db, hashToken("token-unknown"))).toBeNull();
    expect(await resolveIdentity(db, await session(a.manager.user.id, -1000))).toBeNull();

    // A signed-in user without any organisation has an identity but no viewer.
    const [loner] = await db
      .insert(t.users)
      .values({ email: `loner-${crypto.randomUUID()}@x.test` })
      .returning();
    const lonely = await resolveIdentity(db, await session(loner!.id, 86400_000));
    expect(lonely).toEqual({
      user: { id: loner!.id, email: loner!.email, name: null },
      viewer: null,
      signedIn: { via: "email", ssoOrganisationId: null },
    });

    // Deactivation ends the person's sessions; and a session that survived it would still see nothing.
    const hr = asHr(await viewerFor(db, a.organisation.id, a.hr.user.id));
    const reportSession = await session(a.reports[0]!.user.id, 86400_000);
    expect((await resolveIdentity(db, reportSession))!.viewer).not.toBeNull();
    await setPersonActive(db, hr, a.reports[0]!.id, false);
    expect(await resolveIdentity(db, reportSession)).toBeNull();
    const survivor = await resolveIdentity(db, await session(a.reports[0]!.user.id, 86400_000));
    expect(survivor).toMatchObject({ user: { id: a.reports[0]!.user.id }, viewer: null });
  });
});
