import { and, asc, eq, ilike, inArray, isNull, ne, or, sql } from "drizzle-orm";
import { canAddRaters, canRemoveRaters, type RequestContext } from "@/lib/auth/permissions";
import type { Database, Executor } from "@/lib/db";
import { invitations, people, surveyDrafts } from "@/lib/db/schema";
import { recordAudit } from "@/lib/audit";
import { AppError, notFound } from "@/lib/errors";
import { mayChangeRaters } from "@/lib/lifecycle";
import { normaliseMailbox } from "@/lib/report/mailbox";
import { changedBySubject, provenanceReason } from "@/lib/people/provenance";
import { previewAnonymity, type GroupPreview } from "@/lib/report/preview";
import { groupPlural, type RaterGroup } from "@/lib/report/groups";
import { groupLimit, NOMINATED_GROUPS, type NominatedGroup } from "./limits";
import { revokeAllSurveyLinks } from "./links";

export type { RequestContext };

/** Who did something, for the audit log (a Viewer fits). */
export interface AuditActor {
  userId: string | null;
  organisation: { id: string };
}

/**
 * What the subject sees of one nominated rater: who and in which group, and whether the invitation
 * went out. Deliberately never whether they responded or declined: that is only counted per group.
 */
export type NominationState = "not_sent_yet" | "awaiting_approval" | "send_failed" | "invited" | "revoked";

export interface Nomination {
  invitationId: string;
  group: NominatedGroup;
  name: string;
  email: string;
  external: boolean;
  state: NominationState;
  sendError: string | null;
  /**
   * Why this rater must be approved by someone other than the subject whatever the cycle says
   * (shown to the approver), or null: an external rater, or a directory entry the subject changed.
   */
  approvalReason: string | null;
}

export function nominationState(status: string, revokedAt: Date | null): NominationState {
  if (revokedAt) return "revoked";
  switch (status) {
    case "nominated":
      return "not_sent_yet";
    case "awaiting_approval":
      return "awaiting_approval";
    case "not_sent":
      return "send_failed";
    default:
      return "invited"; // sent, responded and declined all look the same
  }
}

/** Raise unless raters may be added (or, with "remove", taken off) on this request now. */
export function assertNominationsOpen(ctx: RequestContext, now: Date = new Date(), change: "add" | "remove" = "add"): void {
  const { cycle, request, access } = ctx;
  if (!mayChangeRaters(cycle, request, now)) {
    throw new AppError("closed", "This feedback has closed, so raters can no longer be added or changed.");
  }
  const allowed = change === "add" ? canAddRaters(access, request) : canRemoveRaters(access, request);
  if (!allowed) throw notFound("That feedback request");
}

/** The subject's own user account: their directory changes are what separation of duties looks for. */
async function subjectUserId(db: Executor, ctx: RequestContext): Promise<string | null> {
  const [row] = await db.select({ userId: people.userId }).from(people).where(eq(people.id, ctx.subject.id));
  return row?.userId ?? null;
}

export async function listNominations(db: Executor, ctx: RequestContext): Promise<Nomination[]> {
  const [rows, subjectUser] = await Promise.all([
    db
      .select({
        id: invitations.id,
        group: invitations.raterGroup,
        email: invitations.raterEmail,
        raterName: invitations.raterName,
        personName: people.name,
        personId: invitations.raterPersonId,
        status: invitations.status,
        revokedAt: invitations.revokedAt,
        sendError: invitations.sendError,
        changedByUserId: people.changedByUserId,
        changedAt: people.changedAt,
        changeKind: people.changeKind,
      })
      .from(invitations)
      .leftJoin(people, eq(people.id, invitations.raterPersonId))
      .where(
        and(
          eq(invitations.organisationId, ctx.request.organisationId),
          eq(invitations.requestId, ctx.request.id),
          ne(invitations.raterGroup, "self"),
        ),
      )
      .orderBy(asc(invitations.raterGroup), asc(sql`coalesce(${people.name}, ${invitations.raterName}, ${invitations.raterEmail})`)),
    subjectUserId(db, ctx),
  ]);
  return rows.map((r) => ({
    invitationId: r.id,
    group: r.group as NominatedGroup,
    name: r.personName ?? r.raterName ?? r.email,
    email: r.email,
    external: !r.personId,
    state: nominationState(r.status, r.revokedAt),
    sendError: r.status === "not_sent" ? r.sendError : null,
    approvalReason: !r.personId
      ? "Invited by e-mail from outside the directory."
      : changedBySubject(r, subjectUser, ctx.cycle.opensAt)
        ? provenanceReason(r, ctx.subject.name)
        : null,
  }));
}

/** Raters who count towards a group: everyone nominated and not revoked. */
export function countByGroup(nominations: Nomination[]): Partial<Record<RaterGroup, number>> {
  const counts: Partial<Record<RaterGroup, number>> = {};
  for (const n of nominations) if (n.state !== "revoked") counts[n.group] = (counts[n.group] ?? 0) + 1;
  return counts;
}

export function previewFor(ctx: RequestContext, nominations: Nomination[]): GroupPreview[] {
  return previewAnonymity(countByGroup(nominations), ctx.cycle.threshold);
}

/** The group a colleague falls in, from the reporting lines. */
export function inferGroup(
  subject: { id: string; lineManagerId: string | null },
  person: { id: string; lineManagerId: string | null },
): NominatedGroup {
  if (subject.lineManagerId && person.id === subject.lineManagerId) return "manager";
  if (person.lineManagerId === subject.id) return "direct_report";
  if (subject.lineManagerId && person.lineManagerId === subject.lineManagerId) return "peer";
  return "other";
}

export interface DirectoryMatch {
  personId: string;
  name: string;
  email: string;
  group: NominatedGroup;
  nominated: boolean;
}

async function nominatedEmails(db: Executor, ctx: RequestContext): Promise<Set<string>> {
  const rows = await db
    .select({ email: invitations.raterEmail })
    .from(invitations)
    .where(and(eq(invitations.requestId, ctx.request.id), eq(invitations.organisationId, ctx.request.organisationId)));
  return new Set(rows.map((r) => r.email));
}

/** Suggestions from the reporting lines: the line manager, peers (same line manager) and direct reports. */
export async function suggestRaters(db: Executor, ctx: RequestContext): Promise<DirectoryMatch[]> {
  const { subject } = ctx;
  const related = [eq(people.lineManagerId, subject.id)];
  if (subject.lineManagerId) related.push(eq(people.id, subject.lineManagerId), eq(people.lineManagerId, subject.lineManagerId));
  const rows = await db
    .select({ id: people.id, name: people.name, email: people.email, lineManagerId: people.lineManagerId })
    .from(people)
    .where(and(eq(people.organisationId, ctx.request.organisationId), eq(people.active, true), ne(people.id, subject.id), or(...related)))
    .orderBy(asc(people.name));
  const taken = await nominatedEmails(db, ctx);
  const order: readonly NominatedGroup[] = NOMINATED_GROUPS;
  return rows
    .map((p) => ({ personId: p.id, name: p.name, email: p.email, group: inferGroup(subject, p), nominated: taken.has(p.email) }))
    .sort((a, b) => order.indexOf(a.group) - order.indexOf(b.group) || a.name.localeCompare(b.name));
}

/** What "Add all suggested" will do: who fits in their group's limit, and who does not. */
export interface SuggestedPlan {
  add: DirectoryMatch[];
  /** Left out because their group is full: the group and its limit, for the message. */
  full: { match: DirectoryMatch; limit: number }[];
}

/**
 * Pure: the suggestions not yet on the list, in their order, each while their group still has
 * room under the cycle's limit (lib/report/rater-groups.ts via groupLimit); the rest are "full".
 * `taken` counts the group's raters already on the list (not revoked), as assertRoomInGroup does.
 */
export function planAddAllSuggested(
  suggestions: readonly DirectoryMatch[],
  taken: Partial<Record<NominatedGroup, number>>,
  limits: Partial<Record<string, number>> | null | undefined,
): SuggestedPlan {
  const used = { ...taken };
  const plan: SuggestedPlan = { add: [], full: [] };
  for (const s of suggestions) {
    if (s.nominated) continue;
    const limit = groupLimit(limits, s.group);
    if ((used[s.group] ?? 0) >= limit) {
      plan.full.push({ match: s, limit });
      continue;
    }
    used[s.group] = (used[s.group] ?? 0) + 1;
    plan.add.push(s);
  }
  return plan;
}

/**
 * "Add all suggested": every suggestion that fits, through nominatePerson (each checked as if
 * added by hand, in one transaction so a refusal adds nobody). Returns who was added and who did
 * not fit, so the page can say so.
 */
export async function nominateAllSuggested(
  db: Database,
  ctx: RequestContext,
  actor?: AuditActor,
): Promise<{ added: string[]; full: { name: string; group: NominatedGroup; limit: number }[] }> {
  assertNominationsOpen(ctx);
  return db.transaction(async (tx) => {
    const suggestions = await suggestRaters(tx, ctx);
    const counts = await tx
      .select({ group: invitations.raterGroup, n: sql<number>`count(*)`.mapWith(Number) })
      .from(invitations)
      .where(and(eq(invitations.requestId, ctx.request.id), isNull(invitations.revokedAt)))
      .groupBy(invitations.raterGroup);
    const taken = Object.fromEntries(counts.map((c) => [c.group, c.n])) as Partial<Record<NominatedGroup, number>>;
    const plan = planAddAllSuggested(suggestions, taken, ctx.cycle.groupLimits);
    if (plan.add.length === 0 && plan.full.length === 0) throw new AppError("conflict", "Everyone suggested is already on your list.");
    for (const s of plan.add) await nominatePerson(tx, ctx, { personId: s.personId, group: s.group }, actor);
    return {
      added: plan.add.map((s) => s.name),
      full: plan.full.map(({ match, limit }) => ({ name: match.name, group: match.group, limit })),
    };
  });
}

/** Search the directory by name or e-mail (the subject themselves is never offered). */
export async function searchDirectory(db: Executor, ctx: RequestContext, query: string): Promise<DirectoryMatch[]> {
  const pattern = `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await db
    .select({ id: people.id, name: people.name, email: people.email, lineManagerId: people.lineManagerId })
    .from(people)
    .where(
      and(
        eq(people.organisationId, ctx.request.organisationId),
        eq(people.active, true),
        ne(people.id, ctx.subject.id),
        or(ilike(people.name, pattern), ilike(people.email, pattern)),
      ),
    )
    .orderBy(asc(people.name))
    .limit(10);
  const taken = await nominatedEmails(db, ctx);
  return rows.map((p) => ({
    personId: p.id,
    name: p.name,
    email: p.email,
    group: inferGroup(ctx.subject, p),
    nominated: taken.has(p.email),
  }));
}

/** "sam+x@example.com" and "sam@example.com" reach the same mailbox. */
export function sameMailbox(a: string, b: string): boolean {
  return normaliseMailbox(a) === normaliseMailbox(b);
}

/**
 * One person, one group: refuse an address that reaches the same mailbox (case, "+tag") as the
 * subject or as anyone already on this request, revoked or not.
 */
async function assertNewMailbox(db: Executor, ctx: RequestContext, email: string, field: "email" | "personId"): Promise<void> {
  if (sameMailbox(email, ctx.subject.email)) {
    throw new AppError("invalid_input", "That is your own address: your self-assessment is separate.", {
      [field]: ["That is your own address."],
    });
  }
  const mailbox = normaliseMailbox(email);
  const rows = await db
    .select({ email: invitations.raterEmail, raterName: invitations.raterName, personName: people.name })
    .from(invitations)
    .leftJoin(people, eq(people.id, invitations.raterPersonId))
    .where(and(eq(invitations.requestId, ctx.request.id), eq(invitations.organisationId, ctx.request.organisationId)));
  const clash = rows.find((r) => r.email !== email && normaliseMailbox(r.email) === mailbox);
  if (clash) {
    const who = clash.personName ?? clash.raterName ?? clash.email;
    throw new AppError(
      "invalid_input",
      `${email} reaches the same mailbox as ${who} (${clash.email}), who is already a rater here: each person rates once, in one group.`,
      { [field]: [`Same mailbox as ${clash.email}, already a rater.`] },
    );
  }
}

async function auditNomination(
  db: Executor,
  ctx: RequestContext,
  actor: AuditActor | undefined,
  action: "nomination.added" | "nomination.removed",
  invitationId: string,
  details: { group: string; personId: string | null },
) {
  const who = actor ?? { userId: await subjectUserId(db, ctx), organisation: { id: ctx.request.organisationId } };
  // Ids only: which request, which invitation, which directory entry (null for an external rater,
  // whose address stays on the invitation and is erased with it), in which group. Never answers.
  await recordAudit(db, who, action, "invitation", invitationId, {
    requestId: ctx.request.id,
    group: details.group,
    personId: details.personId,
    external: details.personId === null,
  });
}

async function assertRoomInGroup(db: Executor, ctx: RequestContext, group: NominatedGroup): Promise<void> {
  const limit = groupLimit(ctx.cycle.groupLimits, group);
  const [row] = await db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(invitations)
    .where(and(eq(invitations.requestId, ctx.request.id), eq(invitations.raterGroup, group), isNull(invitations.revokedAt)));
  if ((row?.n ?? 0) >= limit) {
    const label = groupPlural(group);
    throw new AppError("invalid_input", `You can nominate at most ${limit} ${label} in this cycle.`, {
      group: [`At most ${limit} ${label}.`],
    });
  }
}

async function insertNomination(db: Executor, values: typeof invitations.$inferInsert, displayName: string) {
  const inserted = await db.insert(invitations).values(values).onConflictDoNothing().returning({ id: invitations.id });
  if (inserted.length === 0) {
    throw new AppError("conflict", `${displayName} is already nominated.`, { personId: [`${displayName} is already nominated.`] });
  }
  return inserted[0]!.id;
}

export async function nominatePerson(
  db: Executor,
  ctx: RequestContext,
  input: { personId: string; group: NominatedGroup },
  actor?: AuditActor,
): Promise<string> {
  assertNominationsOpen(ctx);
  if (input.personId === ctx.subject.id) {
    throw new AppError("invalid_input", "You cannot rate yourself here: your self-assessment is separate.", {
      personId: ["Your self-assessment is separate."],
    });
  }
  const [person] = await db
    .select()
    .from(people)
    .where(and(eq(people.id, input.personId), eq(people.organisationId, ctx.request.organisationId), eq(people.active, true)));
  if (!person) {
    throw new AppError("invalid_input", "That person is not in your organisation's directory.", {
      personId: ["Choose someone from the directory."],
    });
  }
  // The manager group is shown attributed, so it holds the line manager and nobody else; direct
  // reports must really report to the subject. Anyone else rates as a peer or other rater.
  if (input.group === "manager" && person.id !== ctx.request.lineManagerPersonId) {
    throw new AppError(
      "invalid_input",
      `Only your line manager can rate in the manager group. Add ${person.name} as a peer or other rater.`,
      {
        group: ["Only your line manager."],
      },
    );
  }
  if (input.group === "direct_report" && person.lineManagerId !== ctx.subject.id) {
    throw new AppError("invalid_input", `${person.name} does not report to you. Add them as a peer or other rater.`, {
      group: ["Only your direct reports."],
    });
  }
  await assertNewMailbox(db, ctx, person.email, "personId");
  await assertRoomInGroup(db, ctx, input.group);
  const invitationId = await insertNomination(
    db,
    {
      organisationId: ctx.request.organisationId,
      requestId: ctx.request.id,
      raterPersonId: person.id,
      raterEmail: person.email,
      raterGroup: input.group,
      status: "nominated",
    },
    person.name,
  );
  await auditNomination(db, ctx, actor, "nomination.added", invitationId, { group: input.group, personId: person.id });
  return invitationId;
}

/**
 * Someone outside the directory, by e-mail; always in the "other" group. External raters are
 * always confirmed by the subject's line manager (or HR) before they are invited, whatever the
 * cycle says about approval: otherwise a subject could invite addresses they control and subtract
 * their own answers from a group.
 */
export async function nominateExternal(
  db: Executor,
  ctx: RequestContext,
  input: { name: string; email: string },
  actor?: AuditActor,
): Promise<string> {
  assertNominationsOpen(ctx);
  await assertNewMailbox(db, ctx, input.email, "email");
  // The same mailbox in the directory, "+tag" or not: add them from there, in their own group.
  const mailbox = normaliseMailbox(input.email);
  const [inDirectory] = await db
    .select({ name: people.name })
    .from(people)
    .where(
      and(
        eq(people.organisationId, ctx.request.organisationId),
        eq(sql`split_part(split_part(${people.email}, '@', 1), '+', 1) || '@' || split_part(${people.email}, '@', 2)`, mailbox),
      ),
    )
    .limit(1);
  if (inDirectory) {
    throw new AppError("invalid_input", `${inDirectory.name} is in your directory: add them from there instead.`, {
      email: [`${inDirectory.name} is in your directory: add them from the search above.`],
    });
  }
  await assertRoomInGroup(db, ctx, "other");
  const invitationId = await insertNomination(
    db,
    {
      organisationId: ctx.request.organisationId,
      requestId: ctx.request.id,
      raterEmail: input.email,
      raterName: input.name,
      raterGroup: "other",
      status: "nominated",
    },
    input.email,
  );
  await auditNomination(db, ctx, actor, "nomination.added", invitationId, { group: "other", personId: null });
  return invitationId;
}

export async function loadInvitation(db: Executor, ctx: RequestContext, invitationId: string) {
  const [row] = await db
    .select()
    .from(invitations)
    .where(
      and(
        eq(invitations.id, invitationId),
        eq(invitations.requestId, ctx.request.id),
        eq(invitations.organisationId, ctx.request.organisationId),
        ne(invitations.raterGroup, "self"),
      ),
    );
  if (!row) throw notFound("That invitation");
  return row;
}

/** Take someone off the list before anything was sent to them. */
export async function removeNomination(db: Executor, ctx: RequestContext, invitationId: string, actor?: AuditActor): Promise<void> {
  assertNominationsOpen(ctx, new Date(), "remove");
  const invitation = await loadInvitation(db, ctx, invitationId);
  if (!["nominated", "awaiting_approval", "not_sent"].includes(invitation.status) || invitation.sentAt) {
    throw new AppError("conflict", "This invitation has already gone out: revoke it instead.");
  }
  // Conditional, so a removal racing an approval's send either wins or is told the invitation went out.
  const removed = await db
    .delete(invitations)
    .where(
      and(
        eq(invitations.id, invitation.id),
        inArray(invitations.status, ["nominated", "awaiting_approval", "not_sent"]),
        isNull(invitations.sentAt),
      ),
    )
    .returning({ id: invitations.id });
  if (removed.length === 0) throw new AppError("conflict", "This invitation has already gone out: revoke it instead.");
  await auditNomination(db, ctx, actor, "nomination.removed", invitation.id, {
    group: invitation.raterGroup,
    personId: invitation.raterPersonId,
  });
}

/**
 * Kill an invitation's links. Its status (and any answer already given) is left alone, so no
 * progress count moves: revoking never tells the subject whether that person had answered.
 */
export async function revokeInvitation(db: Executor, ctx: RequestContext, invitationId: string, now = new Date()): Promise<void> {
  assertNominationsOpen(ctx, now);
  const invitation = await loadInvitation(db, ctx, invitationId);
  if (invitation.revokedAt) return;
  await db.update(invitations).set({ revokedAt: now, nextAttemptAt: null }).where(eq(invitations.id, invitation.id));
  await revokeAllSurveyLinks(db, invitation.id, now);
  await db.delete(surveyDrafts).where(eq(surveyDrafts.invitationId, invitation.id));
}
