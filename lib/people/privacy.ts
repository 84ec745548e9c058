import { and, eq, inArray, isNull, ne, or, sql } from "drizzle-orm";
import type { Viewer } from "@/lib/auth/viewer";
import type { HrViewer } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit";
import { getDb, type Database, type Executor } from "@/lib/db";
import {
  cycles,
  developmentPlans,
  feedbackRequests,
  invitations,
  invitationTokens,
  memberships,
  organisations,
  people,
  planEvents,
  planShares,
  reportSnapshots,
  responses,
  surveyDrafts,
  teams,
  users,
} from "@/lib/db/schema";
import { AppError, notFound } from "@/lib/errors";
import { isCycleRunning } from "@/lib/lifecycle";
import { withoutLegacySpread } from "@/lib/report/gaps";
import { rawProgress, shownProgress } from "@/lib/requests/progress";
import { personOf } from "./admin";
import { keepSubjectKey } from "@/lib/requests/subject-ledger";
import { earlierPromises } from "@/lib/reports/promises";
import { readPlan } from "@/lib/plans/plans";
import { askedFocus, comparePulse } from "@/lib/report/pulse";
import type { ReportSnapshot } from "@/lib/report/types";

const ERASED_NAME = "Erased person";

/**
 * The right to be forgotten, and to a copy of one's data.
 *
 * Erasing a person removes their name, e-mail and account from the organisation, ends their
 * sessions, kills their open survey links and cuts every link from them to an invitation or
 * answer. Released reports are frozen records and stay byte-identical (a report about someone is
 * theirs and their organisation's record; nothing in any report names a rater anyway).
 */
export async function erasePerson(db: Database, viewer: HrViewer, personId: string, now = new Date()) {
  const organisationId = viewer.organisation.id;
  return db.transaction(async (tx) => {
    const person = await personOf(tx, organisationId, personId);
    if (person.userId === viewer.userId) throw new AppError("conflict", "You cannot erase yourself: ask another HR person.");
    const placeholder = `erased-${person.id}@erased.invalid`;

    // As a rater: links die, any open answer is cut loose from them, their address is forgotten.
    const theirs = await tx
      .select({ id: invitations.id })
      .from(invitations)
      .where(
        and(
          eq(invitations.organisationId, organisationId),
          or(eq(invitations.raterPersonId, person.id), eq(invitations.raterEmail, person.email)),
        ),
      );
    const ids = theirs.map((i) => i.id);
    if (ids.length) {
      await tx.delete(invitationTokens).where(inArray(invitationTokens.invitationId, ids));
      await tx.delete(surveyDrafts).where(inArray(surveyDrafts.invitationId, ids));
      await tx.update(responses).set({ invitationId: null, submittedAt: null }).where(inArray(responses.invitationId, ids));
      for (const id of ids) {
        await tx
          .update(invitations)
          .set({
            raterPersonId: null,
            // Names the person's (opaque) directory entry, never their address: the ledger of
            // later reports must still see one rater here (lib/reports/release.ts), or erasing
            // someone would let two reports be subtracted to single out another rater.
            raterEmail: `erased-${person.id}.${id.slice(0, 8)}@erased.invalid`,
            raterName: null,
            revokedAt: now,
            declineReason: null,
            sendError: null,
          })
          .where(eq(invitations.id, id));
      }
    }
    // As a subject: requests that never produced a report go; released reports stay as they are,
    // and keep the keyed hash of this mailbox, so a new entry for the same person joins their ledger.
    await keepSubjectKey(tx, organisationId, person);
    // Their development plans are their own writing, not the organisation's record: they go, with
    // their focus areas, actions, history and shares (a coach's link dies with its share).
    await tx
      .delete(developmentPlans)
      .where(and(eq(developmentPlans.organisationId, organisationId), eq(developmentPlans.subjectPersonId, person.id)));
    await forgetAsPlanReader(tx, organisationId, person, now);
    // Their own cycles (a personal request, a pulse) carry their name in the cycle's name.
    await tx
      .update(cycles)
      .set({ name: `${ERASED_NAME}'s personal feedback` })
      .where(
        and(
          eq(cycles.organisationId, organisationId),
          inArray(cycles.kind, ["personal", "pulse"]),
          inArray(
            cycles.id,
            tx.select({ id: feedbackRequests.cycleId }).from(feedbackRequests).where(eq(feedbackRequests.subjectPersonId, person.id)),
          ),
        ),
      );
    await tx.delete(feedbackRequests).where(and(eq(feedbackRequests.subjectPersonId, person.id), ne(feedbackRequests.status, "released")));
    await tx.update(people).set({ lineManagerId: null }).where(eq(people.lineManagerId, person.id));
    await tx
      .update(people)
      .set({ name: ERASED_NAME, email: placeholder, userId: null, lineManagerId: null, teamId: null, active: false, updatedAt: now })
      .where(eq(people.id, person.id));
    if (person.userId) {
      await tx.delete(memberships).where(and(eq(memberships.userId, person.userId), eq(memberships.organisationId, organisationId)));
      const [elsewhere] = await tx.select({ id: memberships.id }).from(memberships).where(eq(memberships.userId, person.userId)).limit(1);
      // Sessions and the account go with the last membership; otherwise their other organisations keep them.
      if (!elsewhere) await tx.delete(users).where(eq(users.id, person.userId));
    }
    await recordAudit(tx, viewer, "person.erased", "person", person.id);
  });
}

/** A released pulse beside its original, as its page shows it; null until both are released. */
function pulseResultOf(pulse: ReportSnapshot | null, original: ReportSnapshot | null) {
  if (!pulse || !original) return null;
  return comparePulse(withoutLegacySpread(original), withoutLegacySpread(pulse), askedFocus(pulse));
}

/** The person's development plans as they see them: focus areas, actions, shares and history. */
async function ownPlans(db: Executor, organisationId: string, personId: string) {
  const rows = await db
    .select({ plan: developmentPlans, cycle: cycles.name, snapshot: reportSnapshots.data })
    .from(developmentPlans)
    .innerJoin(feedbackRequests, eq(feedbackRequests.id, developmentPlans.requestId))
    .innerJoin(cycles, eq(cycles.id, feedbackRequests.cycleId))
    .innerJoin(reportSnapshots, eq(reportSnapshots.requestId, developmentPlans.requestId))
    .where(and(eq(developmentPlans.organisationId, organisationId), eq(developmentPlans.subjectPersonId, personId)));
  const plans = [];
  for (const row of rows) {
    const view = await readPlan(db, { plan: row.plan, snapshot: withoutLegacySpread(row.snapshot), reader: "subject" });
    plans.push({
      cycle: row.cycle,
      startedAt: row.plan.createdAt,
      focusAreas: view.focus.map((f) => ({
        difference: f.evidence.title,
        pole: f.evidence.poleLabel,
        note: f.note,
        actions: f.actions.map((a) => ({ what: a.what, dueOn: a.dueOn, whoCanHelp: a.helper, status: a.status })),
      })),
      sharedWith: view.shares.map((s) => ({
        audience: s.audience,
        name: s.name,
        email: s.email,
        sharedAt: s.createdAt,
        withdrawnAt: s.withdrawnAt,
        lastViewedAt: s.lastViewedAt,
      })),
      history: view.history,
    });
  }
  return plans;
}

/**
 * In other people's plans the erased person may be the line manager or a coach they shared with:
 * the share stops, a coach share forgets the address, and the plan's history keeps the entry
 * under "Erased person" instead of their name.
 */
async function forgetAsPlanReader(tx: Executor, organisationId: string, person: { id: string; name: string; email: string }, now: Date) {
  const shares = await tx
    .update(planShares)
    .set({ withdrawnAt: sql`coalesce(${planShares.withdrawnAt}, ${now.toISOString()}::timestamptz)` })
    .where(
      and(
        eq(planShares.organisationId, organisationId),
        or(eq(planShares.personId, person.id), sql`lower(${planShares.coachEmail}) = lower(${person.email})`),
      ),
    )
    .returning({ id: planShares.id, planId: planShares.planId, audience: planShares.audience, coachName: planShares.coachName });
  const coachShares = shares.filter((s) => s.audience === "coach").map((s) => s.id);
  if (coachShares.length) {
    await tx
      .update(planShares)
      .set({ coachEmail: `erased-${person.id}@erased.invalid`, coachName: ERASED_NAME })
      .where(inArray(planShares.id, coachShares));
  }
  const names = [...new Set([person.name, ...shares.map((s) => s.coachName).filter((n): n is string => Boolean(n))])];
  const planIds = [...new Set(shares.map((s) => s.planId))];
  if (!planIds.length) return;
  await tx
    .update(planEvents)
    .set({ details: sql`jsonb_set(${planEvents.details}, '{name}', to_jsonb(${ERASED_NAME}::text))` })
    .where(
      and(
        inArray(planEvents.planId, planIds),
        inArray(planEvents.kind, ["share.added", "share.withdrawn"]),
        inArray(sql`${planEvents.details}->>'name'`, names),
      ),
    );
}

/** Everything Twofold holds about the signed-in person, in this organisation, as JSON. */
export async function exportOwnData(viewer: Viewer) {
  const db = await getDb();
  const me = viewer.person;
  const [organisation] = await db
    .select({ name: organisations.name })
    .from(organisations)
    .where(eq(organisations.id, viewer.organisation.id));
  const profile = me
    ? (
        await db
          .select({ name: people.name, email: people.email, team: teams.name, active: people.active, createdAt: people.createdAt })
          .from(people)
          .leftJoin(teams, eq(teams.id, people.teamId))
          .where(eq(people.id, me.id))
      )[0]
    : null;
  const lineManager = me?.lineManagerId
    ? (await db.select({ name: people.name }).from(people).where(eq(people.id, me.lineManagerId)))[0]?.name
    : null;
  const asSubject = me
    ? await db
        .select({
          requestId: feedbackRequests.id,
          cycle: cycles.name,
          kind: cycles.kind,
          pulseOf: feedbackRequests.pulseOfRequestId,
          status: feedbackRequests.status,
          progress: feedbackRequests.finalProgress,
          threshold: cycles.threshold,
          report: reportSnapshots.data,
        })
        .from(feedbackRequests)
        .innerJoin(cycles, eq(cycles.id, feedbackRequests.cycleId))
        .leftJoin(reportSnapshots, eq(reportSnapshots.requestId, feedbackRequests.id))
        .where(eq(feedbackRequests.subjectPersonId, me.id))
    : [];
  const asRater = me
    ? await db
        .select({
          cycle: cycles.name,
          subject: people.name,
          group: invitations.raterGroup,
          status: invitations.status,
          cycleStatus: cycles.status,
        })
        .from(invitations)
        .innerJoin(feedbackRequests, eq(feedbackRequests.id, invitations.requestId))
        .innerJoin(cycles, eq(cycles.id, feedbackRequests.cycleId))
        .innerJoin(people, eq(people.id, feedbackRequests.subjectPersonId))
        .where(and(eq(invitations.raterPersonId, me.id), ne(invitations.raterGroup, "self"), isNull(invitations.revokedAt)))
    : [];
  const plans = me ? await ownPlans(db, viewer.organisation.id, me.id) : [];
  // Progress is judged at the k each report will run at, as the pages judge it.
  const promised = await earlierPromises(
    db,
    viewer.organisation.id,
    asSubject.map((r) => r.requestId),
  );
  return {
    exportedAt: new Date().toISOString(),
    organisation: organisation?.name,
    account: { email: viewer.email, roles: viewer.roles },
    profile: profile ? { ...profile, lineManager } : null,
    feedbackAboutYou: asSubject.map((r) => ({
      cycle: r.cycle,
      status: r.status,
      // What the pages show, never the raw counts: a lone external's "1 of 1" named who answered.
      progress: r.progress
        ? shownProgress(rawProgress(r.progress, undefined), Math.max(r.threshold, promised.get(r.requestId) ?? 0))
        : null,
      // A follow-up pulse is published only next to the report it follows up, where both sides
      // are shown (lib/report/pulse.ts): the export gives that comparison, as the pulse page does.
      ...(r.kind === "pulse"
        ? { report: null, pulseResult: pulseResultOf(r.report, asSubject.find((o) => o.requestId === r.pulseOf)?.report ?? null) }
        : { report: r.report ? withoutLegacySpread(r.report) : null }),
    })),
    developmentPlans: plans,
    invitationsToRateOthers: asRater.map((r) => ({
      cycle: r.cycle,
      about: r.subject,
      group: r.group,
      status: isCycleRunning({ status: r.cycleStatus }) ? r.status : "cycle closed",
    })),
    note: "Once a cycle closes, Twofold deletes every link between raters and their answers, so the answers you gave others cannot be found, exported or deleted individually: they exist only inside released reports, combined with other raters' and without names.",
  };
}
