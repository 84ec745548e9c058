import { classifyGroups, isAttributed } from "./classify";
import { RATER_GROUPS, type RaterGroup } from "./groups";

/**
 * What progress anyone may see, from the counts behind it. Pure: the pages get only this.
 *
 * Live counts name people: if "2 of 5 peers responded" becomes "3 of 5" just after one person was
 * invited, that person answered. So an anonymous group (peers, direct reports, other raters, and
 * managers when more than one was invited) shows only whether it has reached the threshold k,
 * never a count that moves with each answer, never how many more are needed, never declines.
 * Attributed slots (the self-assessment, a single line manager) show done or not yet: their
 * answers carry their role anyway. The number of invitations sent stays: the subject chose it.
 */

export interface ProgressCounts {
  group: RaterGroup;
  /** Invitations that went out (answered, declined or not): chosen by the subject, not by raters. */
  invited: number;
  responded: number;
}

export type ShownProgress =
  | { group: RaterGroup; kind: "attributed"; invited: number; done: boolean }
  | { group: RaterGroup; kind: "anonymous"; invited: number; enough: boolean };

/** One group: an anonymous group's answers cross into view only at k, so only that is told. */
export function shownGroupProgress(counts: ProgressCounts, threshold: number): ShownProgress {
  // By invitations, like the nomination preview: a lone line manager invited is the attributed slot.
  if (isAttributed(counts.group, { [counts.group]: counts.invited })) {
    return { group: counts.group, kind: "attributed", invited: counts.invited, done: counts.responded > 0 };
  }
  return { group: counts.group, kind: "anonymous", invited: counts.invited, enough: counts.responded >= threshold };
}

/** Every group of a request that has invitations, in the usual group order. */
export function shownProgress(counts: readonly ProgressCounts[], threshold: number): ShownProgress[] {
  return counts
    .filter((c) => c.invited > 0)
    .map((c) => shownGroupProgress(c, threshold))
    .sort((a, b) => RATER_GROUPS.indexOf(a.group) - RATER_GROUPS.indexOf(b.group));
}

/**
 * How many raters other than self answered a closed request, as its report publishes it: groups
 * shown, attributed or pooled count; a group too small to be shown even in the pool counts none.
 * Its answers are in no published number, and counting them would let HR subtract one team's
 * total from another (or a total before an early release from the one after) and learn whether
 * that lone rater answered, which its report and its progress both keep back.
 */
export function publishedResponses(counts: readonly ProgressCounts[], threshold: number): number {
  const others = counts.filter((c) => c.group !== "self" && c.responded > 0);
  const classes = classifyGroups(Object.fromEntries(others.map((c) => [c.group, c.responded])), threshold);
  return others.reduce((sum, c) => sum + (classes[c.group] === "hidden" ? 0 : c.responded), 0);
}

/** A total over several requests is shown only when it spans at least this many of them. */
export const MIN_REQUESTS_FOR_TOTALS = 2;

export type ShownCompletion =
  { shown: true; requests: number; invited: number; responded: number; rate: number } | { shown: false; requests: number; invited: number };

/**
 * Completion totals (for HR: a cycle, a team): raters other than self, summed over requests.
 * Only requests that have closed count: their numbers are frozen, and each brings only the answers
 * its report publishes (publishedResponses). A live total moves with each answer, and HR can arrange a team and run a
 * decoy request whose count they know, so a live total would be one person's live count (adversary,
 * issue 17). Shown only over at least two closed requests and k responses. Declines are never
 * counted (they stay within "invited").
 */
export function shownCompletion(
  perRequest: readonly { invited: number; responded: number; closed: boolean }[],
  threshold: number,
): ShownCompletion {
  const withInvitations = perRequest.filter((r) => r.invited > 0);
  const closed = withInvitations.filter((r) => r.closed);
  return shownTotals(
    {
      requests: closed.length,
      invited: closed.reduce((a, r) => a + r.invited, 0),
      responded: closed.reduce((a, r) => a + r.responded, 0),
      invitedAll: withInvitations.reduce((a, r) => a + r.invited, 0),
    },
    threshold,
  );
}

/**
 * The same rule over totals summed elsewhere (in SQL): `requests`, `invited` and `responded` over
 * closed requests with invitations; `invitedAll` over every request, for "N raters invited".
 */
export function shownTotals(
  t: { requests: number; invited: number; responded: number; invitedAll: number },
  threshold: number,
): ShownCompletion {
  const { requests, invited, responded, invitedAll } = t;
  if (requests < MIN_REQUESTS_FOR_TOTALS || responded < threshold) return { shown: false, requests, invited: invitedAll };
  return { shown: true, requests, invited, responded, rate: invited ? Math.round((responded / invited) * 100) : 0 };
}

/**
 * The words for a completion figure, the same on every screen that shows one (HR home, cycles
 * list, cycle page): "24 of 37 raters answered (65%)", or why there is no figure yet.
 */
export function completionFigure(c: ShownCompletion): string {
  if (!c.shown) return "Not shown yet";
  return `${c.responded} of ${c.invited} raters answered (${c.rate}%)`;
}

/**
 * Why HR may not release an open request early, or null when it may: THE rule, which the release
 * itself and the cycle page's "Release early" button both use. Judged on the shown progress only
 * (every anonymous group invited has reached k; someone besides the subject has answered), so the
 * button and any refusal change only when the progress shown beside them does: a rule on live
 * counts (a group "with answers" under k) flipped when one rater of an unanswered group answered.
 */
export function earlyReleaseBlocker(progress: readonly ShownProgress[], threshold: number): string | null {
  if (progress.some((p) => p.kind === "anonymous" && !p.enough))
    return `An early release needs at least ${threshold} answers in every anonymous group that was invited. Wait for more answers, or for the close date.`;
  if (!progress.some((p) => p.group !== "self" && (p.kind === "attributed" ? p.done : p.enough)))
    return "Nobody but the subject has answered yet, so there is nothing to release.";
  return null;
}

/** Plain words for one group's progress ("final" once the request has closed). */
export function progressText(p: ShownProgress, final = false): string {
  if (p.kind === "attributed") {
    if (p.group === "self") return p.done ? "Self-assessment done" : final ? "No self-assessment" : "Self-assessment not done yet";
    return p.done ? "Done" : final ? "Did not answer" : "Not done yet";
  }
  if (p.enough) return "Enough answers to be shown";
  return final ? "Not enough answers to be shown on their own" : "Not enough answers yet";
}
