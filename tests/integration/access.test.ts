import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDatabase } from "@/lib/db";
import * as t from "@/lib/db/schema";
import { resetEnvCache } from "@/lib/env";
import { runJobsOnce } from "@/lib/jobs/run";
import { coarseMailbox, coarseMailboxSql, emailMySurveyLink, listAskedOfYou } from "@/lib/requests/asked-of-you";
import { normaliseMailbox } from "@/lib/report/mailbox";
import { rowsOf } from "@/lib/db/client";
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { listDirectReportRequests, listOwnRequests } from "@/lib/requests/queries";
import { submitNominations } from "@/lib/requests/sending";
import { sendReportReadyMails } from "@/lib/reports/ready-mail";
import { closeCycle, releaseReport } from "@/lib/reports/release";
import { findSurveyLink } from "@/lib/surveys/links";
import { loadSurveyContext, submitResponse } from "@/lib/surveys/responses";
import { withDefaults } from "@/lib/surveys/schema";
import { viewerFor } from "@/tests/fixtures/viewer";
import { answeredRequest, invitationsOf, requestWithNominations } from "../support/scenario";
import { firstLink, startSmtpCatcher, type SmtpCatcher } from "../support/smtp-catcher";

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
const hrActor = (organisationId: string) => ({ userId: null, organisation: { id: organisationId } });

/** Issue 21, item 1: feedback asked of a signed-in rater, without a word of whether they answered. */
describe("the database's first cut of one's mailbox", () => {
  it("is what the code computes, and keeps every address the mailbox rule calls the viewer's", async () => {
    const { db } = await getDatabase();
    const written = fc.oneof(
      fc.emailAddress(),
      fc.emailAddress().map((e) => e.replace("@", "+tag@").toUpperCase()),
      fc.emailAddress().map((e) => ` ${e.split("@")[0]!.split("").join(".")}@GoogleMail.com `),
      fc.constantFrom("+x@example.test", "a.b+c+d@gmail.com", "A.B@googlemail.com", "x@y@z.test"),
    );
    const samples = fc.sample(written, 300);
    const rows = await rowsOf<{ email: string; coarse: string }>(
      db,
      sql`select e as email, ${coarseMailboxSql(sql.raw("e"))} as coarse from jsonb_array_elements_text(${JSON.stringify(samples)}::jsonb) as e`,
    );
    for (const { email, coarse } of rows) {
      if (email.split("@").length === 2) expect(coarse, email).toBe(coarseMailbox(normaliseMailbox(email)));
    }
    // Two addresses that are one mailbox always share the first cut.
    for (const a of samples)
      for (const b of samples.slice(0, 40))
        if (normaliseMailbox(a) === normaliseMailbox(b))
          expect(coarseMailbox(normaliseMailbox(a))).toBe(coarseMailbox(normaliseMailbox(b)));
  });
});

describe("feedback asked of you", () => {
  async function invitedPeer() {
    const setup = await requestWithNominations();
    await submitNominations(setup.db, await setup.context(), true);
    const peer = setup.org.peers[1]!;
    const invitation = (await invitationsOf(setup.requestId)).find((i) => i.raterPersonId === peer.id)!;
    const viewer = await viewerFor(setup.db, setup.org.organisation.id, peer.user.id);
    smtp.clear();
    return { ...setup, peer, invitation, viewer };
  }

  it("lists the open invitation addressed to a rater with an account, the same before and after they answer", async () => {
    const { db, org, peer, invitation, viewer } = await invitedPeer();
    const before = await listAskedOfYou(db, viewer);
    expect(before).toEqual([
      expect.objectContaining({ invitationId: invitation.id, subjectName: org.manager.name, mailbox: peer.email, relation: "as a peer" }),
    ]);
    // Someone else (the subject's direct report, not invited as a peer) sees no such card.
    const other = await viewerFor(db, org.organisation.id, org.peers[2]!.user.id);
    expect((await listAskedOfYou(db, other)).map((a) => a.invitationId)).not.toContain(invitation.id);
    // The subject never sees their own request here.
    expect(await listAskedOfYou(db, await viewerFor(db, org.organisation.id, org.manager.user.id))).toEqual([]);

    const ctx = (await loadSurveyContext(db, invitation.id))!;
    const values = withDefaults(ctx.questionnaire, null);
    for (const key of Object.keys(values.answers)) values.answers[key] = "4";
    await submitResponse(db, ctx, values, "first");
    expect(await listAskedOfYou(db, viewer)).toEqual(before);
  });

  it("finds an invitation by the rater's mailbox when it does not name their directory entry ('+tag')", async () => {
    const { db, org, peer, invitation, viewer } = await invitedPeer();
    const [local, domain] = peer.email.split("@");
    await db
      .update(t.invitations)
      .set({ raterPersonId: null, raterEmail: `${local}+360@${domain}` })
      .where(eq(t.invitations.id, invitation.id));
    expect((await listAskedOfYou(db, viewer)).map((a) => a.invitationId)).toEqual([invitation.id]);
    void org;
  });

  it("e-mails a fresh working link to the invitation's mailbox, unaudited, rate-limited, and leaves earlier links working", async () => {
    const { db, org, invitation, viewer } = await invitedPeer();
    const auditBefore = await db.select().from(t.auditLog).where(eq(t.auditLog.organisationId, org.organisation.id));
    await expect(emailMySurveyLink(db, viewer, invitation.id)).resolves.toBe("sent");
    const mail = await smtp.waitFor((m) => m.to.includes(invitation.raterEmail));
    expect(mail.subject).toBe(`Your link to give ${org.manager.name} feedback`);
    const found = await findSurveyLink(db, tokenOf(firstLink(mail.text)));
    expect(found.status).toBe("valid");

    // Nothing HR can read says this rater asked for their link (a hint of who answered, and when).
    expect(await db.select().from(t.auditLog).where(eq(t.auditLog.organisationId, org.organisation.id))).toEqual(auditBefore);

    await emailMySurveyLink(db, viewer, invitation.id);
    await emailMySurveyLink(db, viewer, invitation.id);
    await expect(emailMySurveyLink(db, viewer, invitation.id)).rejects.toThrow(/several times in the last hour/);
    expect(smtp.messages.length).toBe(3);
    // The first e-mail's link still works.
    expect((await findSurveyLink(db, tokenOf(firstLink(mail.text)))).status).toBe("valid");
  });

  it("refuses, as not-found, an invitation that is not the viewer's, a made-up id, and one whose request has closed", async () => {
    const { db, org, cycle, invitation, viewer } = await invitedPeer();
    const stranger = await viewerFor(db, org.organisation.id, org.reports[0]!.user.id);
    await expect(emailMySurveyLink(db, stranger, invitation.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(emailMySurveyLink(db, viewer, "not-a-uuid")).rejects.toMatchObject({ code: "not_found" });
    await closeCycle(db, org.organisation.id, cycle.id);
    expect(await listAskedOfYou(db, viewer)).toEqual([]);
    await expect(emailMySurveyLink(db, viewer, invitation.id)).rejects.toMatchObject({ code: "not_found" });
    expect(smtp.messages).toEqual([]);
  });

  it("a failed e-mail changes nothing and says so", async () => {
    const { db, invitation, viewer } = await invitedPeer();
    smtp.refuse = true;
    await expect(emailMySurveyLink(db, viewer, invitation.id)).rejects.toThrow(/could not be sent/);
    const live = await db.select().from(t.invitationTokens).where(eq(t.invitationTokens.invitationId, invitation.id));
    expect(live.filter((l) => l.revokedAt === null)).toHaveLength(1); // the invitation's own link only
  });
});

/** Issue 21, item 2: the home page offers only what access allows, by the same rule. */
describe("home page lists by the access rule", () => {
  it("offers a report link to the line manager only where canReadReport allows it", async () => {
    const { db, org, cycle, requestId } = await answeredRequest({ self: true, manager: true, peers: 3, reports: 3 });
    await closeCycle(db, org.organisation.id, cycle.id);
    await releaseReport(db, hrActor(org.organisation.id), requestId);
    const director = await viewerFor(db, org.organisation.id, org.director.user.id);
    expect((await listDirectReportRequests(director)).find((r) => r.id === requestId)?.reportReadable).toBe(true);
    await db.update(t.cycles).set({ shareWithLineManager: false }).where(eq(t.cycles.id, cycle.id));
    expect((await listDirectReportRequests(director)).find((r) => r.id === requestId)?.reportReadable).toBe(false);
    const subject = await viewerFor(db, org.organisation.id, org.manager.user.id);
    expect((await listOwnRequests(subject)).find((r) => r.id === requestId)?.reportReadable).toBe(true);
  });
});

/** Issue 21, item 9: "your report is ready", through the release and the job runner. */
describe("report ready e-mail", () => {
  it("goes to the subject once on release, with a link to the report and no figure from it", async () => {
    const { db, org, cycle, requestId } = await answeredRequest({ self: true, manager: true, peers: 3, reports: 3, score: 5 });
    await closeCycle(db, org.organisation.id, cycle.id);
    smtp.clear();
    await releaseReport(db, hrActor(org.organisation.id), requestId);
    const [row] = await db.select().from(t.feedbackRequests).where(eq(t.feedbackRequests.id, requestId));
    expect(row!.reportMailDue).toBe(true);
    expect(await sendReportReadyMails(db, { requestId })).toBe(1);
    expect(await sendReportReadyMails(db)).toBe(0);
    const mails = smtp.messages.filter((m) => m.to.includes(org.manager.email));
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.subject).toBe(`Your ${cycle.name} report is ready`);
    expect(firstLink(mail.text)).toBe(`http://localhost:3999/reports/${requestId}`);
    // No number from the report: without the link, the cycle's and organisation's names and
    // "360-degree", not one digit is left.
    const rest = [`http://localhost:3999/reports/${requestId}`, cycle.name, org.organisation.name, "360-degree"].reduce(
      (text, known) => text.replaceAll(known, ""),
      mail.text + mail.html,
    );
    expect(rest.replace(/<[^>]*>/g, "").replace(/&#\d+;|#[0-9a-f]{3,6}\b|\d+px|\d+%|\b\d+(\.\d+)?(em|rem)\b/gi, "")).not.toMatch(/\d/);
    expect(smtp.messages.filter((m) => !m.to.includes(org.manager.email))).toEqual([]);
  });

  it("after an early release too, and the job runner sends what a failed attempt left", async () => {
    const { db, org, requestId } = await answeredRequest({ self: true, manager: true, peers: 3, reports: 3 });
    // Without the fixture's lone external rater: a group of one never reaches k, so no early release.
    await db.delete(t.invitations).where(and(eq(t.invitations.requestId, requestId), eq(t.invitations.raterGroup, "other")));
    smtp.refuse = true;
    await releaseReport(db, hrActor(org.organisation.id), requestId); // early: the cycle is still open
    expect(await sendReportReadyMails(db, { requestId })).toBe(0);
    const [row] = await db
      .select()
      .from(t.feedbackRequests)
      .where(and(eq(t.feedbackRequests.id, requestId), eq(t.feedbackRequests.reportMailDue, true)));
    expect(row).toBeTruthy();
    smtp.refuse = false;
    expect((await runJobsOnce()).reportReadyMailsSent).toBe(1);
    await smtp.waitFor((m) => m.to.includes(org.manager.email) && m.subject.includes("report is ready"));
    expect((await runJobsOnce()).reportReadyMailsSent).toBe(0);
  });
});
