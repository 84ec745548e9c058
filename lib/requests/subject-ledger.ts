import { createHmac } from "node:crypto";
import { and, eq, inArray, isNull, or } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { feedbackRequests } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { normaliseMailbox } from "@/lib/report/mailbox";

/**
 * The ledger a person's reports are checked against (ADR 4) belongs to the person, not to one
 * directory entry. HR can erase someone and add them again, or import the same mailbox as a new
 * entry: a ledger read by entry would then start empty, and a report on the new entry could be
 * subtracted from one released about the old entry to single out a rater. So every request
 * carries a ledger id and a keyed hash of its subject's mailbox, and a request joins the ledger of
 * every earlier request of the same entry or the same mailbox.
 */

/**
 * A keyed hash of the subject's normalised mailbox: matches a second entry for the same mailbox
 * and holds no address. Its own label, so it never equals the alias the same mailbox has as a
 * rater (lib/reports/release.ts): a subject's key must not find their invitations.
 */
export function subjectKey(email: string): string {
  return createHmac("sha256", env().authSecret)
    .update(`subject-ledger:${normaliseMailbox(email)}`)
    .digest("hex")
    .slice(0, 32);
}

/**
 * The ledger of a person's requests, joining any it finds: the ledgers of the entry's own requests
 * and of requests whose subject had the same mailbox become one (the smallest id wins, so two
 * callers agree). Run at the start of a request and again at its release, so an entry whose
 * address changed to an earlier entry's in between is joined before anything is published. Call
 * inside the transaction that writes or releases the request.
 */
export async function joinSubjectLedger(
  db: Executor,
  organisationId: string,
  subject: { id: string; email: string },
): Promise<{ ledger: string; key: string }> {
  const key = subjectKey(subject.email);
  const found = await db
    .selectDistinct({ ledger: feedbackRequests.subjectLedger })
    .from(feedbackRequests)
    .where(
      and(
        eq(feedbackRequests.organisationId, organisationId),
        or(eq(feedbackRequests.subjectPersonId, subject.id), eq(feedbackRequests.subjectKey, key)),
      ),
    );
  const ledgers = found.map((f) => f.ledger).sort();
  const ledger = ledgers[0] ?? subject.id;
  if (ledgers.length > 1)
    await db
      .update(feedbackRequests)
      .set({ subjectLedger: ledger })
      .where(and(eq(feedbackRequests.organisationId, organisationId), inArray(feedbackRequests.subjectLedger, ledgers)));
  return { ledger, key };
}

/**
 * Before an erasure replaces a subject's address: requests started before subject keys existed
 * get the key of the address they have now, so a new entry for the same mailbox still finds them.
 */
export async function keepSubjectKey(db: Executor, organisationId: string, subject: { id: string; email: string }) {
  await db
    .update(feedbackRequests)
    .set({ subjectKey: subjectKey(subject.email) })
    .where(
      and(
        eq(feedbackRequests.organisationId, organisationId),
        eq(feedbackRequests.subjectPersonId, subject.id),
        isNull(feedbackRequests.subjectKey),
      ),
    );
}
