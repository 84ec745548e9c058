import { and, eq, type SQL } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { cycles, feedbackRequests, organisations, people } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { renderEmailHtml } from "@/lib/mail/html";
import { deliverMail, type MailMessage } from "@/lib/mail/transport";

/**
 * "Your report is ready": one e-mail to the subject when their report is released (after close or
 * early). The release sets `report_mail_due` in its own transaction, so a release is never without
 * its e-mail; this sends it and clears the flag, straight after HR's release and again on every
 * job tick until it has gone (as failed invitations are retried). The e-mail carries a link and
 * the cycle's name, nothing from the report: no figure, no count of raters, no group.
 */

export function reportReadyEmail(input: {
  to: string;
  subjectName: string;
  cycleName: string;
  organisationName: string;
  link: string;
}): MailMessage {
  const first = input.subjectName.split(" ")[0];
  const lines = [
    `Your 360-degree feedback report for ${input.cycleName} has been released, and you can read it now.`,
    "Sign in to see it: it shows what your raters said as a whole, never who said what.",
  ];
  return {
    to: input.to,
    subject: `Your ${input.cycleName} report is ready`,
    text: [`Hello ${first},`, "", ...lines.flatMap((l) => [l, ""]), input.link, "", `Twofold · ${input.organisationName}`].join("\n"),
    html: renderEmailHtml({
      heading: "Your report is ready",
      paragraphs: [`Hello ${first},`, ...lines],
      action: { label: "Read your report", url: input.link },
      footer: `Twofold · ${input.organisationName}`,
    }),
  };
}

/** A request's subject, as the once-per-request e-mails to them need it. */
export interface SubjectMailRow {
  id: string;
  email: string;
  name: string;
  active: boolean;
  cycleName: string;
  organisationName: string;
}

/** The subjects of the requests matching `where`, with what their e-mail names. */
export function subjectMailRows(db: Executor, where: SQL | undefined): Promise<SubjectMailRow[]> {
  return db
    .select({
      id: feedbackRequests.id,
      email: people.email,
      name: people.name,
      active: people.active,
      cycleName: cycles.name,
      organisationName: organisations.name,
    })
    .from(feedbackRequests)
    .innerJoin(people, eq(people.id, feedbackRequests.subjectPersonId))
    .innerJoin(cycles, eq(cycles.id, feedbackRequests.cycleId))
    .innerJoin(organisations, eq(organisations.id, feedbackRequests.organisationId))
    .where(where);
}

/**
 * One e-mail per request, however many runners: each is claimed first (`claim` answers whether
 * this call won it), sent, and given back (`unclaim`) when sending fails, so the next job tick
 * tries again. Someone who left, or whose personal data was erased, is not written to (their
 * claim is kept: nothing is to go). Returns how many left.
 */
export async function sendOncePerRequest(
  rows: SubjectMailRow[],
  how: {
    claim: (requestId: string) => Promise<boolean>;
    unclaim: (requestId: string) => Promise<void>;
    mail: (row: SubjectMailRow) => MailMessage;
    failure: string;
  },
): Promise<number> {
  let sent = 0;
  for (const r of rows) {
    if (!(await how.claim(r.id))) continue;
    if (!r.active || r.email.endsWith("@erased.invalid")) continue;
    try {
      await deliverMail(how.mail(r));
      sent++;
    } catch (error) {
      await how.unclaim(r.id);
      console.error(`${how.failure}:`, (error as Error)?.message);
    }
  }
  return sent;
}

/**
 * Send the due "report ready" e-mails, all of them (the job runner) or of one cycle or request
 * (straight after HR releases); returns how many left.
 */
export async function sendReportReadyMails(db: Executor, scope: { cycleId?: string; requestId?: string } = {}): Promise<number> {
  const due = await subjectMailRows(
    db,
    and(
      eq(feedbackRequests.reportMailDue, true),
      eq(feedbackRequests.status, "released"),
      scope.cycleId ? eq(feedbackRequests.cycleId, scope.cycleId) : undefined,
      scope.requestId ? eq(feedbackRequests.id, scope.requestId) : undefined,
    ),
  );
  return sendOncePerRequest(due, {
    // Two runners (or HR's click and a tick) never both send it.
    claim: async (id) =>
      (
        await db
          .update(feedbackRequests)
          .set({ reportMailDue: false })
          .where(and(eq(feedbackRequests.id, id), eq(feedbackRequests.reportMailDue, true)))
          .returning({ id: feedbackRequests.id })
      ).length > 0,
    unclaim: async (id) => {
      await db.update(feedbackRequests).set({ reportMailDue: true }).where(eq(feedbackRequests.id, id));
    },
    mail: (r) =>
      reportReadyEmail({
        to: r.email,
        subjectName: r.name,
        cycleName: r.cycleName,
        organisationName: r.organisationName,
        link: `${env().appUrl}/reports/${r.id}`,
      }),
    failure: "[reports] could not e-mail the subject that their report is ready",
  });
}
