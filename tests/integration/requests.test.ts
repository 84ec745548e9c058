import { and, eq, isNull, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadRequestFor } from "@/lib/auth/permissions";
import { getDatabase } from "@/lib/db";
import * as t from "@/lib/db/schema";
import { resetEnvCache } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { nominatePerson, nominateExternal, removeNomination, revokeInvitation } from "@/lib/requests/nominations";
import { progressByGroup } from "@/lib/requests/progress";
import {
  approveNominations,
  remindRaters,
  resendInvitation,
  retryUnsentInvitations,
  returnNominations,
  sendScheduledReminders,
  submitNominations,
} from "@/lib/requests/sending";
import { findSurveyLink } from "@/lib/surveys/links";
import { hashToken } from "@/lib/tokens";
import { viewerFor } from "@/tests/fixtures/viewer";
import { startSmtpCatcher, firstLink, type SmtpCatcher } from "../support/smtp-catcher";
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

const tokenOf = (link: string) => link.split("/s/")[1]!;

describe("nominations", () => {
  it("sends one invitation e-mail per rater, with a personal link whose token is stored only as a hash", async () => {
    const { db, org, requestId, context } = await requestWithNominations();
    const outcome = await submitNominations(db, await context(), true);
    // The external rater waits for the line manager's approval; the seven in the directory go now.
    expect(outcome).toEqual({ sent: 7, failed: 0, awaitingApproval: 1 });
    await smtp.waitFor((m) => m.to.includes(org.director.email) && m.subject.includes("approve"));
    const invites = smtp.messages.filter((m) => m.subject.includes("would value"));
    expect(invites).toHaveLength(7);
    const links = invites.map((m) => firstLink(m.text));
    expect(new Set(links).size).toBe(7);
    for (const link of links) {
      const token = tokenOf(link);
      expect(Buffer.from(token, "base64url").length * 8).toBeGreaterThanOrEqual(128);
      const stored = await db
        .select()
        .from(t.invitationTokens)
        .where(eq(t.invitationTokens.tokenHash, hashToken(token)));
      expect(stored).toHaveLength(1);
      // The raw token appears in no column of any table.
      const dump = await (
        await getDatabase()
      ).query<{ found: number }>(
        `select count(*)::int as found from (
           select row_to_json(x)::text as j from invitation_tokens x union all
           select row_to_json(x)::text from invitations x union all
           select row_to_json(x)::text from audit_log x) rows where j like '%' || $1 || '%'`,
        [token],
      );
      expect(dump[0]!.found).toBe(0);
    }
    const request = (await db.select().from(t.feedbackRequests).where(eq(t.feedbackRequests.id, requestId)))[0]!;
    expect(request.status).toBe("awaiting_approval");
    const approver = await viewerFor(db, org.organisation.id, org.director.user.id);
    const asApprover = await loadRequestFor(approver, requestId, "approve", db);
    expect(await approveNominations(db, asApprover, { round: asApprover.request.approvalRound }, approver)).toEqual({ sent: 1, failed: 0 });
    expect(smtp.messages.filter((m) => m.subject.includes("would value"))).toHaveLength(8);
  });

  it("keeps the manager group for the line manager and direct reports for real reports; blocks aliases of the subject", async () => {
    const { db, org, context } = await requestWithNominations();
    await expect(nominatePerson(db, await context(), { personId: org.peers[1]!.id, group: "manager" })).rejects.toThrow(
      /Only your line manager/,
    );
    await expect(nominatePerson(db, await context(), { personId: org.hr.id, group: "direct_report" })).rejects.toThrow(
      /does not report to you/,
    );
    const [local, domain] = org.manager.email.split("@");
    await expect(nominateExternal(db, await context(), { name: "Me again", email: `${local}+alt@${domain}` })).rejects.toThrow(
      /your own address/,
    );
  });

  it("lets approvers take raters off the list but never add their own", async () => {
    const { db, org, requestId, context } = await requestWithNominations({ requiresApproval: true });
    await submitNominations(db, await context(), true);
    const approver = await viewerFor(db, org.organisation.id, org.director.user.id);
    const asApprover = await loadRequestFor(approver, requestId, "view", db);
    await expect(nominateExternal(db, asApprover, { name: "Planted", email: `planted.${org.organisation.suffix}@x.test` })).rejects.toThrow(
      /does not exist/,
    );
    const external = (await invitationsOf(requestId)).find((i) => i.raterGroup === "other")!;
    await removeNomination(db, asApprover, external.id);
    expect((await invitationsOf(requestId)).some((i) => i.id === external.id)).toBe(false);
  });

  it("refuses self-nomination, duplicates, unknown people, over-limit groups and a closed cycle, saving nothing", async () => {
    const { db, org, requestId, context, cycle } = await requestWithNominations({ groupLimits: { peer: 3 } });
    const before = (await invitationsOf(requestId)).length;
    const expectError = async (p: Promise<unknown>, message: RegExp) => {
      const error = await p.then(
        () => null,
        (e) => e,
      );
      expect(error).toBeInstanceOf(AppError);
      expect((error as Error).message).toMatch(message);
    };
    await expectError(nominatePerson(db, await context(), { personId: org.manager.id, group: "peer" }), /self-assessment is separate/);
    await expectError(nominatePerson(db, await context(), { personId: org.reports[0]!.id, group: "direct_report" }), /already nominated/);
    await expectError(nominatePerson(db, await context(), { personId: crypto.randomUUID(), group: "peer" }), /not in your organisation/);
    await expectError(nominatePerson(db, await context(), { personId: org.peers[0]!.id, group: "peer" }), /at most 3 peers/);
    await expectError(nominateExternal(db, await context(), { name: "Me", email: org.manager.email }), /your own address/);
    await expectError(nominateExternal(db, await context(), { name: "Dup", email: org.hr.email }), /is in your directory/);
    await db.update(t.cycles).set({ status: "closed" }).where(eq(t.cycles.id, cycle.id));
    await expectError(nominatePerson(db, await context(), { personId: org.peers[0]!.id, group: "other" }), /has closed/);
    expect((await invitationsOf(requestId)).length).toBe(before);
  });

  it("needs an explicit confirmation to send with a group under the threshold", async () => {
    const { db, context } = await requestWithNominations();
    const error = await submitNominations(db, await context(), false).catch((e) => e);
    expect(error.fieldErrors.confirmUnderThreshold).toBeDefined();
    expect(smtp.messages).toHaveLength(0);
  });

  it("goes through approval when the cycle asks for it: the approver approves or sends back", async () => {
    const { db, org, requestId, context } = await requestWithNominations({ requiresApproval: true });
    const outcome = await submitNominations(db, await context(), true);
    expect(outcome).toEqual({ sent: 0, failed: 0, awaitingApproval: 8 });
    await smtp.waitFor((m) => m.to.includes(org.director.email) && m.subject.includes("approve"));
    expect(smtp.messages.filter((m) => m.subject.includes("would value"))).toHaveLength(0);

    const approver = await viewerFor(db, org.organisation.id, org.director.user.id);
    const shown = await loadRequestFor(approver, requestId, "approve", db);
    await returnNominations(db, shown, { round: shown.request.approvalRound, note: "Please add a peer from Sales." }, approver);
    const returned = (await db.select().from(t.feedbackRequests).where(eq(t.feedbackRequests.id, requestId)))[0]!;
    expect(returned.status).toBe("nominating");
    expect(returned.approvalNote).toBe("Please add a peer from Sales.");
    await smtp.waitFor((m) => m.to.includes(org.manager.email) && m.subject.includes("need a change"));

    await submitNominations(db, await context(), true);
    // The subject cannot approve their own list.
    const subjectAsApprover = loadRequestFor(await viewerFor(db, org.organisation.id, org.manager.user.id), requestId, "approve", db);
    await expect(subjectAsApprover).rejects.toThrow(/does not exist/);
    const again = await loadRequestFor(approver, requestId, "approve", db);
    const result = await approveNominations(db, again, { round: again.request.approvalRound }, approver);
    expect(result).toEqual({ sent: 8, failed: 0 });
    expect(smtp.messages.filter((m) => m.subject.includes("would value"))).toHaveLength(8);
  });
});

describe("survey links", () => {
  it("are read-only to look up, die on re-send and revoke, and close with the cycle", async () => {
    const { db, cycle, requestId, context } = await requestWithNominations();
    await submitNominations(db, await context(), true);
    const invitation = (await invitationsOf(requestId)).find((i) => i.raterGroup === "peer")!;
    const tokenFor = (email: string) =>
      tokenOf(firstLink(smtp.messages.find((m) => m.to.includes(email) && m.subject.includes("would value"))!.text));
    const first = tokenFor(invitation.raterEmail);
    const other = (await invitationsOf(requestId)).find((i) => i.raterGroup === "direct_report")!;
    const otherToken = tokenFor(other.raterEmail);

    const snapshot = async () => JSON.stringify(await db.select().from(t.invitations).where(eq(t.invitations.id, invitation.id)));
    const before = await snapshot();
    expect((await findSurveyLink(db, first)).status).toBe("valid");
    expect((await findSurveyLink(db, first)).status).toBe("valid");
    expect(await snapshot()).toBe(before); // looking never changes anything

    expect((await findSurveyLink(db, "nonsense")).status).toBe("invalid");
    expect((await findSurveyLink(db, "A".repeat(43))).status).toBe("invalid");

    smtp.clear();
    expect(await resendInvitation(db, await context(), invitation.id)).toBe("sent");
    const second = tokenOf(firstLink(smtp.messages[0]!.text));
    expect((await findSurveyLink(db, first)).status).toBe("invalid");
    expect((await findSurveyLink(db, second)).status).toBe("valid");

    await revokeInvitation(db, await context(), invitation.id);
    expect((await findSurveyLink(db, second)).status).toBe("invalid");

    // Other raters' links are untouched by one rater's re-send and revoke.
    expect((await findSurveyLink(db, otherToken)).status).toBe("valid");
    const [live] = await db
      .select()
      .from(t.invitationTokens)
      .where(and(eq(t.invitationTokens.invitationId, other.id), isNull(t.invitationTokens.revokedAt)));
    expect(live).toBeDefined();

    // Past the close date, every link is closed even before the job runner closes the cycle.
    await db
      .update(t.cycles)
      .set({ opensAt: new Date(Date.now() - 2 * 86400_000), closesAt: new Date(Date.now() - 1000) })
      .where(eq(t.cycles.id, cycle.id));
    expect((await findSurveyLink(db, otherToken)).status).toBe("closed");
  });

  it("say 'closed' once the cycle has closed", async () => {
    const { db, cycle, requestId, context } = await requestWithNominations();
    await submitNominations(db, await context(), true);
    const invitation = (await invitationsOf(requestId)).find((i) => i.raterGroup === "manager")!;
    const token = tokenOf(
      firstLink(smtp.messages.find((m) => m.to.includes(invitation.raterEmail) && m.subject.includes("would value"))!.text),
    );
    await db.update(t.cycles).set({ status: "closed" }).where(eq(t.cycles.id, cycle.id));
    expect((await findSurveyLink(db, token)).status).toBe("closed");
  });

  it("revoking changes no progress count, so it cannot reveal whether someone answered", async () => {
    const { db, org, requestId, context } = await requestWithNominations();
    await submitNominations(db, await context(), true);
    const peer = (await invitationsOf(requestId)).find((i) => i.raterGroup === "peer")!;
    await db.update(t.invitations).set({ status: "responded" }).where(eq(t.invitations.id, peer.id));
    const counts = async () => JSON.stringify((await progressByGroup(db, org.organisation.id, [requestId])).get(requestId));
    const before = await counts();
    await revokeInvitation(db, await context(), peer.id);
    expect(await counts()).toBe(before);
  });
});

describe("reminders", () => {
  it("send at most one manual reminder a day per invitation, even when clicked twice at once", async () => {
    const { db, requestId, context } = await requestWithNominations();
    await submitNominations(db, await context(), true);
    const responded = (await invitationsOf(requestId)).find((i) => i.raterGroup === "peer")!;
    await db.update(t.invitations).set({ status: "responded" }).where(eq(t.invitations.id, responded.id));
    smtp.clear();
    const now = new Date();
    const [a, b] = await Promise.all([remindRaters(db, await context(), now), remindRaters(db, await context(), now)]);
    // The 7 invited directory raters but the one who answered (self is never reminded; the external waits for approval).
    expect(a + b).toBe(6);
    expect(smtp.messages).toHaveLength(6);
    expect(smtp.messages.some((m) => m.to.includes(responded.raterEmail))).toBe(false);
    expect(await remindRaters(db, await context(), new Date(now.getTime() + 3600_000))).toBe(0);
    expect(await remindRaters(db, await context(), new Date(now.getTime() + 25 * 3600_000))).toBe(6);
  });

  it("are scheduled 3 days and 1 day before close, and a second run never sends twice", async () => {
    const closesAt = new Date(Date.now() + 10 * 86400_000);
    const { db, context } = await requestWithNominations({ closesAt });
    await submitNominations(db, await context(), true);
    smtp.clear();
    const day = 86400_000;
    expect(await sendScheduledReminders(db, new Date(closesAt.getTime() - 5 * day))).toBe(0);
    const threeDays = new Date(closesAt.getTime() - 3 * day + 60_000);
    const [x, y] = await Promise.all([sendScheduledReminders(db, threeDays), sendScheduledReminders(db, threeDays)]);
    expect(x + y).toBe(7); // every invited rater, once, however many runners
    expect(await sendScheduledReminders(db, threeDays)).toBe(0);
    const oneDay = new Date(closesAt.getTime() - day + 60_000);
    expect(await sendScheduledReminders(db, oneDay)).toBe(7);
    expect(await sendScheduledReminders(db, oneDay)).toBe(0);
    expect(smtp.messages).toHaveLength(14);
    // Reminder links work alongside the invitation's own link.
    const reminderToken = tokenOf(firstLink(smtp.messages[0]!.text));
    expect((await findSurveyLink(db, reminderToken, threeDays)).status).toBe("valid");
  });
});

describe("when the mail server fails", () => {
  it("keeps invitations as 'not sent' with the error, then the job runner sends each exactly once", async () => {
    const { db, requestId, context } = await requestWithNominations();
    smtp.refuse = true;
    const outcome = await submitNominations(db, await context(), true);
    expect(outcome).toEqual({ sent: 0, failed: 7, awaitingApproval: 1 });
    let rows = (await invitationsOf(requestId)).filter((i) => i.raterGroup !== "self" && i.raterGroup !== "other");
    expect(rows.every((i) => i.status === "not_sent" && /refused/.test(i.sendError ?? ""))).toBe(true);
    // No link survives a failed send.
    const live = await db
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(t.invitationTokens)
      .where(isNull(t.invitationTokens.revokedAt));
    expect(live[0]!.n).toBe(0);

    expect(await retryUnsentInvitations(db, new Date())).toBe(0); // backoff: not yet
    smtp.refuse = false;
    const later = new Date(Date.now() + 2 * 60_000);
    const [a, b] = await Promise.all([retryUnsentInvitations(db, later), retryUnsentInvitations(db, later)]);
    expect(a + b).toBe(7);
    expect(await retryUnsentInvitations(db, new Date(Date.now() + 3600_000))).toBe(0);
    expect(smtp.messages.filter((m) => m.subject.includes("would value"))).toHaveLength(7);
    rows = (await invitationsOf(requestId)).filter((i) => i.raterGroup !== "self" && i.raterGroup !== "other");
    expect(rows.every((i) => i.status === "sent" && i.sentAt && !i.sendError)).toBe(true);
  });

  it("records an unreachable server the same way", async () => {
    process.env.SMTP_URL = "smtp://127.0.0.1:1"; // nothing listens there
    resetEnvCache();
    try {
      const { db, requestId, context } = await requestWithNominations();
      expect(await submitNominations(db, await context(), true)).toMatchObject({ failed: 7 });
      const rows = (await invitationsOf(requestId)).filter((i) => i.raterGroup !== "self" && i.raterGroup !== "other");
      expect(rows.every((i) => i.status === "not_sent" && /could not be reached/.test(i.sendError ?? ""))).toBe(true);
    } finally {
      process.env.SMTP_URL = `smtp://127.0.0.1:${smtp.port}`;
      resetEnvCache();
    }
  });
});
