import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadRequestFor } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db";
import * as t from "@/lib/db/schema";
import { resetEnvCache } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { addPerson } from "@/lib/people/admin";
import { applyImport } from "@/lib/people/import";
import { listNominations, nominateExternal, nominatePerson } from "@/lib/requests/nominations";
import { approveNominations, returnNominations, submitNominations } from "@/lib/requests/sending";
import { ensureRequest } from "@/lib/requests/start";
import { createCycle, createSmallOrganisation } from "@/tests/fixtures/factories";
import { viewerFor } from "@/tests/fixtures/viewer";
import { asHr } from "@/lib/auth/permissions";
import { startSmtpCatcher, type SmtpCatcher } from "../support/smtp-catcher";
import { invitationsOf, requestWithNominations } from "../support/scenario";

let smtp: SmtpCatcher;

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  process.env.SMTP_URL = `smtp://127.0.0.1:${smtp.port}`;
  resetEnvCache();
});
afterAll(async () => {
  await smtp.close();
});
beforeEach(() => {
  smtp.clear();
  smtp.refuse = false;
});

const invitationMails = (email: string) => smtp.messages.filter((m) => m.to.includes(email) && m.subject.includes("would value"));

async function auditRows(organisationId: string, actions: string[]) {
  const db = await getDb();
  return db
    .select()
    .from(t.auditLog)
    .where(and(eq(t.auditLog.organisationId, organisationId), inArray(t.auditLog.action, actions)));
}

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

/** A subject (Max Manager) who is also HR, in a cycle that does not ask for approval. */
async function hrSubject() {
  const db = await getDb();
  const org = await createSmallOrganisation(db);
  await db.insert(t.memberships).values({ organisationId: org.organisation.id, userId: org.manager.user.id, role: "hr" });
  const cycle = await createCycle(db, org.organisation.id, { requiresApproval: false });
  const requestId = await ensureRequest(db, org.organisation.id, cycle.id, org.manager);
  const subject = asHr(await viewerFor(db, org.organisation.id, org.manager.user.id));
  const approver = await viewerFor(db, org.organisation.id, org.director.user.id);
  const context = () => loadRequestFor(subject, requestId, "manage", db);
  return { db, org, cycle, requestId, subject, approver, context };
}

describe("separation of duties: directory entries the subject made", () => {
  it("sends a colleague the HR subject added themselves to someone else for approval, says why, and audits it", async () => {
    const { db, org, requestId, subject, approver, context } = await hrSubject();
    const suffix = org.organisation.suffix;
    // The attack: two "colleagues" whose mail the subject reads, one added by hand, one imported.
    const fakeId = await addPerson(db, subject, {
      name: "Fiona Fake",
      email: `fiona.${suffix}@mailbox.test`,
      team: "",
      managerId: org.director.id,
    });
    await applyImport(
      db,
      subject,
      ["name,email,team,line manager's email", `Fred Fake,fred.${suffix}@mailbox.test,,${org.director.email}`].join("\n"),
    );
    const [fred] = await db
      .select()
      .from(t.people)
      .where(eq(t.people.email, `fred.${suffix}@mailbox.test`));
    expect(fred!.changedByUserId).toBe(org.manager.user.id);

    const realPeer = org.peers[1]!;
    await nominatePerson(db, await context(), { personId: realPeer.id, group: "peer" });
    await nominatePerson(db, await context(), { personId: fakeId, group: "peer" });
    await nominatePerson(db, await context(), { personId: fred!.id, group: "peer" });

    const outcome = await submitNominations(db, await context(), true);
    // The real peer goes out; the two entries the subject made wait, although the cycle asks for no approval.
    expect(outcome).toEqual({ sent: 1, failed: 0, awaitingApproval: 2 });
    expect(invitationMails(realPeer.email)).toHaveLength(1);
    expect(invitationMails(`fiona.${suffix}@mailbox.test`)).toHaveLength(0);
    const [request] = await db.select().from(t.feedbackRequests).where(eq(t.feedbackRequests.id, requestId));
    expect(request!.status).toBe("awaiting_approval");

    // The approval mail goes to the line manager frozen on the request, never to the subject.
    await smtp.waitFor((m) => m.to.includes(org.director.email) && m.subject.includes("approve"));
    expect(smtp.messages.some((m) => m.to.includes(org.manager.email) && m.subject.includes("approve"))).toBe(false);
    // The subject, HR or not, cannot approve their own list.
    await expect(loadRequestFor(subject, requestId, "approve", db)).rejects.toThrow(/does not exist/);

    // The approver sees why each one waits.
    const seen = await listNominations(db, await loadRequestFor(approver, requestId, "approve", db));
    const fiona = seen.find((n) => n.name === "Fiona Fake")!;
    expect(fiona.state).toBe("awaiting_approval");
    expect(fiona.approvalReason).toMatch(/^Added to the directory by Max Manager on \d{1,2} [A-Z][a-z]+ \d{4}\.$/);
    expect(seen.find((n) => n.name === "Fred Fake")!.approvalReason).toMatch(/^Imported into the directory by Max Manager on /);
    expect(seen.find((n) => n.name === realPeer.name)!.approvalReason).toBeNull();

    // Audited: who added whom, in which group; nothing about answers.
    const added = await auditRows(org.organisation.id, ["nomination.added"]);
    expect(added).toHaveLength(3);
    for (const row of added) {
      expect(row.actorUserId).toBe(org.manager.user.id);
      expect(row.details).toMatchObject({ requestId, group: "peer", external: false });
    }
    expect(added.map((r) => r.details.personId).sort()).toEqual([realPeer.id, fakeId, fred!.id].sort());

    const shown = await loadRequestFor(approver, requestId, "approve", db);
    expect(await approveNominations(db, shown, { round: shown.request.approvalRound }, approver)).toEqual({ sent: 2, failed: 0 });
    const approved = await auditRows(org.organisation.id, ["nominations.approved"]);
    expect(approved).toHaveLength(1);
    expect(approved[0]!.actorUserId).toBe(org.director.user.id);
  });

  it("with no line manager, asks HR other than the subject; an entry someone else made needs no approval", async () => {
    const { db, org, requestId, subject, context } = await hrSubject();
    await db.update(t.feedbackRequests).set({ lineManagerPersonId: null }).where(eq(t.feedbackRequests.id, requestId));
    const other = asHr(await viewerFor(db, org.organisation.id, org.hr.user.id));
    const byOther = await addPerson(db, other, {
      name: "Olive Other",
      email: `olive.${org.organisation.suffix}@x.test`,
      team: "",
      managerId: "",
    });
    const bySubject = await addPerson(db, subject, {
      name: "Sid Self",
      email: `sid.${org.organisation.suffix}@x.test`,
      team: "",
      managerId: "",
    });
    await nominatePerson(db, await context(), { personId: byOther, group: "other" });
    await nominatePerson(db, await context(), { personId: bySubject, group: "other" });
    expect(await submitNominations(db, await context(), true)).toEqual({ sent: 1, failed: 0, awaitingApproval: 1 });
    await smtp.waitFor((m) => m.to.includes(org.hr.email) && m.subject.includes("approve"));
    expect(smtp.messages.some((m) => m.to.includes(org.manager.email) && m.subject.includes("approve"))).toBe(false);
  });
});

describe("one person, one group", () => {
  it("refuses an external address that reaches the same mailbox as a directory rater, saying why, and saves nothing", async () => {
    const { org, requestId, context, db } = await requestWithNominations();
    const peer = org.peers[1]!; // nominated as a peer
    const before = (await invitationsOf(requestId)).length;
    const [local, domain] = peer.email.split("@");
    const error = await refusal(nominateExternal(db, await context(), { name: "Other me", email: `${local}+other@${domain}` }));
    expect(error.message).toBe(
      `${local}+other@${domain} reaches the same mailbox as ${peer.name} (${peer.email}), who is already a rater here: each person rates once, in one group.`,
    );
    expect(error.fieldErrors?.email).toBeDefined();
    // The same for another external's mailbox, and for a directory entry whose address is a tagged alias.
    const erin = (await invitationsOf(requestId)).find((i) => i.raterGroup === "other")!.raterEmail;
    const [eLocal, eDomain] = erin.split("@");
    await expect(nominateExternal(db, await context(), { name: "Erin again", email: `${eLocal}+2@${eDomain}` })).rejects.toThrow(
      /same mailbox as Erin External/,
    );
    const alias = await db
      .insert(t.people)
      .values({ organisationId: org.organisation.id, name: "Rita Alias", email: `${org.reports[0]!.email.replace("@", "+alias@")}` })
      .returning();
    await expect(nominatePerson(db, await context(), { personId: alias[0]!.id, group: "peer" })).rejects.toThrow(
      /same mailbox as Rita Report/,
    );
    expect((await invitationsOf(requestId)).length).toBe(before);
  });
});

describe("approval covers exactly what the approver was shown", () => {
  it("sends only the raters on the list the approver saw", async () => {
    const { db, org, requestId, context } = await requestWithNominations();
    await submitNominations(db, await context(), true); // seven invited, Erin waits
    const approver = await viewerFor(db, org.organisation.id, org.director.user.id);
    const shown = await loadRequestFor(approver, requestId, "approve", db);
    const seen = (await listNominations(db, shown)).filter((n) => n.state === "awaiting_approval");
    expect(seen.map((n) => n.name)).toEqual(["Erin External"]);

    // While it waits, the subject adds a rater of their own making, without sending.
    const planted = `planted.${org.organisation.suffix}@mine.test`;
    await nominateExternal(db, await context(), { name: "Planted", email: planted });
    expect(await approveNominations(db, shown, { round: shown.request.approvalRound }, approver)).toEqual({ sent: 1, failed: 0 });
    expect(invitationMails(planted)).toHaveLength(0);
    const after = await invitationsOf(requestId);
    expect(after.find((i) => i.raterEmail === planted)!.status).toBe("nominated");

    // Sent on, it joins a new round: a decision taken on the list as it was cannot cover it.
    await submitNominations(db, await context(), true);
    const refused = await refusal(approveNominations(db, shown, { round: shown.request.approvalRound }, approver));
    expect(refused.message).toMatch(/has changed since you opened it/);
    expect(invitationMails(planted)).toHaveLength(0);
    const fresh = await loadRequestFor(approver, requestId, "approve", db);
    expect(await approveNominations(db, fresh, { round: fresh.request.approvalRound }, approver)).toEqual({ sent: 1, failed: 0 });
    expect(invitationMails(planted)).toHaveLength(1);
  });

  it("refuses a decision on a list that changed after it was shown, sending nothing", async () => {
    const { db, org, requestId, context } = await requestWithNominations({ requiresApproval: true });
    await submitNominations(db, await context(), true);
    const approver = await viewerFor(db, org.organisation.id, org.director.user.id);
    const shown = await loadRequestFor(approver, requestId, "approve", db);
    await nominateExternal(db, await context(), { name: "Late", email: `late.${org.organisation.suffix}@mine.test` });
    await submitNominations(db, await context(), true);
    const error = await refusal(approveNominations(db, shown, { round: shown.request.approvalRound }, approver));
    expect(error.message).toBe(
      "The list of raters has changed since you opened it, so nothing was decided. Reload the page to see the list as it is now.",
    );
    expect(smtp.messages.filter((m) => m.subject.includes("would value"))).toHaveLength(0);
    expect(await auditRows(org.organisation.id, ["nominations.approved"])).toHaveLength(0);
  });
});

describe("approval decisions race", () => {
  it("lets exactly one of concurrent approve and send-back decisions win: one audit row, one mail", async () => {
    const { db, org, requestId, context } = await requestWithNominations({ requiresApproval: true });
    await submitNominations(db, await context(), true);
    await smtp.waitFor((m) => m.to.includes(org.director.email) && m.subject.includes("approve"));
    smtp.clear();
    const director = await viewerFor(db, org.organisation.id, org.director.user.id);
    const hr = await viewerFor(db, org.organisation.id, org.hr.user.id);
    const asDirector = await loadRequestFor(director, requestId, "approve", db);
    const asHr = await loadRequestFor(hr, requestId, "approve", db);
    const round = asDirector.request.approvalRound;
    const results = await Promise.allSettled([
      approveNominations(db, asDirector, { round }, director),
      returnNominations(db, asHr, { round, note: "Please add a peer from Sales." }, hr),
      approveNominations(db, asHr, { round }, hr),
      returnNominations(db, asDirector, { round, note: "Another note." }, director),
    ]);
    const won = results.filter((r) => r.status === "fulfilled");
    expect(won).toHaveLength(1);
    for (const r of results.filter((r) => r.status === "rejected")) {
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(AppError);
      expect(((r as PromiseRejectedResult).reason as Error).message).toMatch(/Someone has already decided on this list/);
    }
    const decisions = await auditRows(org.organisation.id, ["nominations.approved", "nominations.returned"]);
    expect(decisions).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 500)); // let any stray mail arrive
    const invites = smtp.messages.filter((m) => m.subject.includes("would value"));
    const returned = smtp.messages.filter((m) => m.subject.includes("need a change"));
    const [request] = await db.select().from(t.feedbackRequests).where(eq(t.feedbackRequests.id, requestId));
    if (decisions[0]!.action === "nominations.approved") {
      expect(invites).toHaveLength(8);
      expect(returned).toHaveLength(0);
      expect(request!.status).toBe("collecting");
    } else {
      expect(invites).toHaveLength(0);
      expect(returned).toHaveLength(1);
      expect(request!.status).toBe("nominating");
    }
  });
});
