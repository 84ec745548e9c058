import { isAttributed, WITHHELD_REASON, type GroupCounts } from "../anonymity";
import { anonymityOf, REPORT_GROUP_LABELS, REPORT_GROUP_ORDER } from "../groups";
import type { GroupSummary, ItemReport, StoredGroup } from "../types";

/** Step 2: one line per group that answered: how many responses, whether anonymous, whether shown and why. */
export function summariseGroups(counts: GroupCounts, items: ItemReport[], k: number): GroupSummary[] {
  return REPORT_GROUP_ORDER.filter((g) => g !== "others" && (counts[g as StoredGroup] ?? 0) > 0).map((g) => {
    const group = g as StoredGroup;
    const responses = counts[group]!;
    const attributed = isAttributed(group, counts);
    const shown = items.some((i) => i.cells.some((c) => c.group === group && c.status === "shown"));
    // Withheld by the ledger (lib/report/history.ts): enough answered, but this report together with
    // an earlier one could single someone out. Saying "fewer than k answered" would be untrue; the
    // note gives no count either way, as a count is exactly what the two reports must not let slip.
    const withheld = items.some((i) => i.cells.some((c) => c.group === group && c.status === "suppressed" && c.reason === WITHHELD_REASON));
    return {
      group,
      label: REPORT_GROUP_LABELS[group],
      responses,
      anonymous: !attributed,
      shown,
      note:
        withheld && !shown
          ? WITHHELD_NOTE
          : attributed
            ? group !== "pooled" && anonymityOf(group) === "attributed"
              ? "The person's own view (not anonymous)."
              : "One line manager answered: shown with their role, not anonymously."
            : group === "pooled"
              ? `Small groups (fewer than ${k} responses each) are only ever shown pooled together, and only where the pool reaches ${k}.`
              : shown
                ? `Shown where at least ${k} of them gave a score.${withheld ? ` ${WITHHELD_IN_PART}` : ""}`
                : `Fewer than ${k} answered, so this group is not shown on its own.`,
    };
  });
}

/** A group not shown anywhere because of an earlier report's promise (history.ts). */
export const WITHHELD_NOTE =
  "Not shown, to keep the promise an earlier report on this person made to its raters: together the two could single someone out.";
/** A group shown on some items and withheld on others for the same reason. */
export const WITHHELD_IN_PART = "Some items are not shown, to keep the promise an earlier report on this person made to its raters.";
