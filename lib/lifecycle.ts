/**
 * The lifecycle of a cycle, a feedback request and an invitation, and the one answer to "is this
 * still open?" in each of its forms. Pure data and predicates, no I/O: TypeScript callers ask the
 * functions below, and the SQL functions that guard a submit (lib/surveys/sql/*.sql) are written
 * with the status lists exported here, which tests/unit/lifecycle.test.ts compares with the SQL
 * source and tests/integration/lifecycle.test.ts with what the database does.
 *
 *   cycle:      draft → open → closed → released (every request released)
 *   request:    nominating ⇄ awaiting_approval → collecting → closed → released
 *               (released straight from the first three too: an early release)
 *   invitation: nominated → awaiting_approval → sent | not_sent → responded | declined,
 *               and revoked at any point (a timestamp beside the status, never a status)
 */

export const CYCLE_STATUSES = ["draft", "open", "closed", "released"] as const;
export const REQUEST_STATUSES = ["nominating", "awaiting_approval", "collecting", "closed", "released"] as const;
export const INVITATION_STATUSES = ["nominated", "awaiting_approval", "not_sent", "sent", "responded", "declined"] as const;

export type CycleStatus = (typeof CYCLE_STATUSES)[number];
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

/** The one cycle status in which anything may be answered, nominated or sent. */
export const OPEN_CYCLE_STATUS = "open" satisfies CycleStatus;

/**
 * A request still taking raters or answers. After close (or an early release) its links are
 * destroyed and its ballots opened, so nothing may be written to it again.
 */
export const OPEN_REQUEST_STATUSES = ["nominating", "awaiting_approval", "collecting"] as const satisfies readonly RequestStatus[];

/** Closed or released: final, its ballots opened and its links gone. */
export const FINAL_REQUEST_STATUSES = ["closed", "released"] as const satisfies readonly RequestStatus[];

/** Every cycle status after launch. */
export const LAUNCHED_CYCLE_STATUSES = ["open", "closed", "released"] as const satisfies readonly CycleStatus[];

/**
 * An invitation whose link may have reached the rater. "not_sent" is one of them: a link can have
 * gone out before a later attempt to send it failed. Nominated ones have no link yet.
 */
export const ANSWERABLE_INVITATION_STATUSES = ["not_sent", "sent", "responded", "declined"] as const satisfies readonly InvitationStatus[];

interface CycleState {
  status: string;
  closesAt: Date;
}
interface RequestState {
  status: string;
}
interface InvitationState {
  status: string;
  revokedAt: Date | null;
}

const includes = (list: readonly string[], value: string) => list.includes(value);

/** Open, and its close date not reached: the job runner closes it at that moment at the latest. */
export function isCycleOpen(cycle: CycleState, at: Date = new Date()): boolean {
  return cycle.status === OPEN_CYCLE_STATUS && cycle.closesAt > at;
}

/** Launched and not closed yet, whatever the date: what HR's reminders and close buttons ask. */
export function isCycleRunning(cycle: { status: string }): boolean {
  return cycle.status === OPEN_CYCLE_STATUS;
}

/** Not closed or released: raters may still be chosen and answers still given. */
export function isRequestOpen(request: RequestState): boolean {
  return includes(OPEN_REQUEST_STATUSES, request.status);
}

/** Waiting for the line manager (or HR) to approve the raters the subject chose. */
export function isAwaitingApproval(request: RequestState): boolean {
  return request.status === "awaiting_approval";
}

/** Its cycle closed it, or it was released (early or after close): the request is final. */
export function isRequestFinal(request: RequestState): boolean {
  return !isRequestOpen(request);
}

/**
 * May anything still be written for this request: answers, drafts, revisions, declines. This is
 * what lock_open_request (lib/surveys/sql/lock_open_request.sql) answers inside a transaction.
 */
export function mayAnswerRequest(cycle: CycleState, request: RequestState, at: Date = new Date()): boolean {
  return isCycleOpen(cycle, at) && isRequestOpen(request);
}

/**
 * May this invitation still be answered (first submit or revision): what submit_ballot checks
 * before it writes (lib/surveys/sql/submit_ballot.sql).
 */
export function mayAnswerInvitation(cycle: CycleState, request: RequestState, invitation: InvitationState, at: Date = new Date()): boolean {
  return (
    mayAnswerRequest(cycle, request, at) && invitation.revokedAt === null && includes(ANSWERABLE_INVITATION_STATUSES, invitation.status)
  );
}

/** Answers may be changed exactly as long as they may be given: until the request closes. */
export const mayChangeAnswers = mayAnswerInvitation;

/** May raters still be added to or taken off this request (who may do it is lib/auth/permissions). */
export function mayChangeRaters(cycle: CycleState, request: RequestState, at: Date = new Date()): boolean {
  return mayAnswerRequest(cycle, request, at);
}

/** May invitations still be sent, and requests started, in this cycle. */
export function mayInviteIn(cycle: CycleState, at: Date = new Date()): boolean {
  return isCycleOpen(cycle, at);
}

/** A launched cycle keeps its settings and wording: only a draft may be edited or launched. */
export function isCycleDraft(cycle: { status: string }): boolean {
  return cycle.status === "draft";
}

/** Close applies to an open cycle only; any other state means it is already closed (or a draft). */
export function mayCloseCycle(cycle: { status: string }): boolean {
  return isCycleRunning(cycle);
}

/** "Release all" needs the cycle closed first; single early releases go through mayReleaseEarly. */
export function mayReleaseCycle(cycle: { status: string }): boolean {
  return cycle.status === "closed" || cycle.status === "released";
}

/** Released already: a second release changes nothing. */
export function isRequestReleased(request: RequestState): boolean {
  return request.status === "released";
}

/** Not closed yet: a release now is an early one, which closes this request's links first. */
export function isEarlyRelease(request: RequestState): boolean {
  return isRequestOpen(request);
}
