import { and, eq, inArray, ne } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { feedbackRequests, invitations, organisations, people } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { ANSWERABLE_INVITATION_STATUSES, OPEN_REQUEST_STATUSES } from "@/lib/lifecycle";
import { deliverMail } from "@/lib/mail/transport";
import { invitationEmail } from "@/lib/requests/emails";
import { issueSurveyLink } from "@/lib/requests/links";
import { invitationEmailInput } from "@/lib/requests/sending";
import { DEMO_ORGANISATION_SLUG, DEMO_SURVEY_SUBJECT_EMAIL } from "./seed-demo";

/**
 * A newcomer should be able to try the rater's survey at once: on a development start with the
 * demo data, the dev mailbox (/dev/mail, held in this process's memory) gets the invitation e-mail
 * of every rater of the demo request nobody has answered yet (Tom's), each with a working link of
 * its own, issued the way a real invitation's is. Each start issues fresh links (a restart empties
 * the mailbox); earlier ones keep working, as after a reminder. Nothing happens outside
 * development, or without the demo organisation. Returns how many e-mails it put there.
 */
export async function mailDemoSurveyLinks(db: Executor): Promise<number> {
  const config = env();
  if (!config.devOutbox || !config.seedDemoData) return 0;
  const rows = await db
    .select({ invitationId: invitations.id, organisationId: invitations.organisationId })
    .from(invitations)
    .innerJoin(feedbackRequests, eq(feedbackRequests.id, invitations.requestId))
    .innerJoin(people, eq(people.id, feedbackRequests.subjectPersonId))
    .innerJoin(organisations, eq(organisations.id, feedbackRequests.organisationId))
    .where(
      and(
        eq(organisations.slug, DEMO_ORGANISATION_SLUG),
        eq(people.email, DEMO_SURVEY_SUBJECT_EMAIL),
        inArray(feedbackRequests.status, [...OPEN_REQUEST_STATUSES]),
        ne(invitations.raterGroup, "self"),
        inArray(invitations.status, [...ANSWERABLE_INVITATION_STATUSES]),
      ),
    );
  let sent = 0;
  for (const row of rows) {
    const input = await invitationEmailInput(db, row.invitationId);
    if (!input) continue;
    const link = await issueSurveyLink(db, row.organisationId, row.invitationId);
    await deliverMail(invitationEmail(input(link.url)));
    sent += 1;
  }
  return sent;
}
