import { and, eq, gt, inArray, isNull, ne, or, sql, type SQLWrapper } from "drizzle-orm";
import type { Viewer } from "@/lib/auth/viewer";
import type { Executor } from "@/lib/db";
import { cycles, feedbackRequests, invitations, people } from "@/lib/db/schema";
import { AppError, notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { ANSWERABLE_INVITATION_STATUSES, OPEN_CYCLE_STATUS, OPEN_REQUEST_STATUSES } from "@/lib/lifecycle";
import { deliverMail } from "@/lib/mail/transport";
import { enforce, LIMITS } from "@/lib/rate-limit";
import { raterGroup, type RaterGroup } from "@/lib/report/groups";
import { normaliseMailbox } from "@/lib/report/mailbox";
import { linkAgainEmail } from "./emails";
import { issueSurveyLink, revokeSurveyLink } from "./links";
import { dispatchInvitation, invitationEmailInput } from "./sending";

/**
 * Feedback asked of the signed-in viewer: the open invitations addressed to them, found by their
 * directory entry or by their mailbox (as lib/report/mailbox.ts normalises it, the rule that makes
 * "sam+x@" and "sam@" one rater). Deliberately without any state: a ballot names nobody (ADR 7),
 * and this list must not turn into a record of who answered. Every open invitation is listed the
 * same way, answered or not, and the only thing it offers is a fresh link to the invitation's own
 * mailbox, which works the same whatever the rater has done so far.
 */

export interface AskedOfYou {
  invitationId: string;
  subjectName: string;
  cycleName: string;
  closesAt: Date;
  /** "as a peer", "as Aisha Khan's line manager": how the subject invited them. */
  relation: string;
  /** The mailbox the link goes to (the invitation's, which reaches the viewer). */
  mailbox: string;
}

/** The viewer's addresses as mailboxes: their account's and their directory entry's. */
function mailboxesOf(viewer: Viewer): Set<string> {
  return new Set([viewer.email, viewer.person?.email].filter((e): e is string => Boolean(e)).map(normaliseMailbox));
}

/**
 * A coarser form of a normalised mailbox (no dots, nothing from a "+" on) that SQL can compute:
 * two addresses normaliseMailbox calls one always share it, so the database can narrow to a
 * handful of rows and the mailbox rule still decides in code, the one place it is written. (A
 * first cut by domain read every open invitation of a one-domain company on each home page.)
 */
export function coarseMailbox(normalised: string): string {
  const at = normalised.lastIndexOf("@");
  return `${normalised.slice(0, at).split("+")[0]!.replace(/\./g, "")}@${normalised.slice(at + 1)}`;
}

/** coarseMailbox in SQL, over an address column (or any text expression). */
export const coarseMailboxSql = (column: SQLWrapper) => {
  const address = sql`lower(trim(${column}))`;
  const domain = sql`split_part(${address}, '@', 2)`;
  return sql`replace(split_part(split_part(${address}, '@', 1), '+', 1), '.', '') || '@' || (case when ${domain} = 'googlemail.com' then 'gmail.com' else ${domain} end)`;
};

/** Open invitations of the viewer's organisation that reach the viewer. */
async function openInvitationsFor(db: Executor, viewer: Viewer, now: Date, invitationId?: string) {
  const mine = mailboxesOf(viewer);
  const coarse = [...new Set([...mine].map(coarseMailbox))];
  const rows = await db
    .select({
      invitationId: invitations.id,
      raterPersonId: invitations.raterPersonId,
      raterEmail: invitations.raterEmail,
      group: invitations.raterGroup,
      status: invitations.status,
      subjectId: people.id,
      subjectName: people.name,
      cycleName: cycles.name,
      closesAt: cycles.closesAt,
    })
    .from(invitations)
    .innerJoin(feedbackRequests, eq(feedbackRequests.id, invitations.requestId))
    .innerJoin(cycles, eq(cycles.id, feedbackRequests.cycleId))
    .innerJoin(people, eq(people.id, feedbackRequests.subjectPersonId))
    .where(
      and(
        eq(invitations.organisationId, viewer.organisation.id),
        invitationId ? eq(invitations.id, invitationId) : undefined,
        isNull(invitations.revokedAt),
        ne(invitations.raterGroup, "self"),
        inArray(invitations.status, [...ANSWERABLE_INVITATION_STATUSES]),
        inArray(feedbackRequests.status, [...OPEN_REQUEST_STATUSES]),
        eq(cycles.status, OPEN_CYCLE_STATUS),
        gt(cycles.closesAt, now),
        or(
          viewer.person ? eq(invitations.raterPersonId, viewer.person.id) : undefined,
          coarse.length ? inArray(coarseMailboxSql(invitations.raterEmail), coarse) : undefined,
        ),
      ),
    )
    .orderBy(cycles.closesAt, people.name);
  return rows.filter(
    (r) =>
      r.subjectId !== viewer.person?.id &&
      ((viewer.person && r.raterPersonId === viewer.person.id) || mine.has(normaliseMailbox(r.raterEmail))),
  );
}

/** The home page's "asked of you" list. */
export async function listAskedOfYou(db: Executor, viewer: Viewer, now = new Date()): Promise<AskedOfYou[]> {
  return (await openInvitationsFor(db, viewer, now)).map((r) => ({
    invitationId: r.invitationId,
    subjectName: r.subjectName,
    cycleName: r.cycleName,
    closesAt: r.closesAt,
    relation: raterGroup(r.group as RaterGroup).relation(r.subjectName),
    mailbox: r.raterEmail,
  }));
}

const LIMITED = "You have asked for this link several times in the last hour. Please check your e-mail, or try again later.";

/**
 * E-mail the viewer a fresh link to one invitation addressed to them. Anything else (someone
 * else's invitation, a closed one, a made-up id) is not-found. Rate-limited per viewer and
 * invitation, and never audited (below). Older links keep working
 * (as with a reminder): nothing here depends on, or changes, whether they answered.
 */
export async function emailMySurveyLink(db: Executor, viewer: Viewer, invitationId: string, now = new Date()): Promise<"sent"> {
  if (!isUuid(invitationId)) throw notFound("That invitation");
  const [invitation] = await openInvitationsFor(db, viewer, now, invitationId);
  if (!invitation) throw notFound("That invitation");
  await enforce([[LIMITS.surveyLinkByMail, `${viewer.userId}:${invitation.invitationId}`]], LIMITED);

  if (invitation.status === "not_sent") {
    // Its first e-mail never left: send it now, as the job runner would.
    const outcome = await dispatchInvitation(db, invitation.invitationId, now);
    if (outcome === "failed") throw new AppError("unavailable", "The e-mail could not be sent just now. Please try again later.");
  } else {
    const input = await invitationEmailInput(db, invitation.invitationId);
    if (!input) throw notFound("That invitation");
    const link = await issueSurveyLink(db, viewer.organisation.id, invitation.invitationId);
    try {
      await deliverMail(linkAgainEmail(input(link.url)));
    } catch {
      await revokeSurveyLink(db, link.tokenId, now);
      throw new AppError("unavailable", "The e-mail could not be sent just now. Please try again later.");
    }
  }
  // Not audited: the audit log is append-only and HR reads it, so a row saying this rater asked for
  // their link at this moment would outlive the close as a hint of who answered, and when.
  return "sent";
}
