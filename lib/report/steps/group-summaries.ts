import { isAttributed, type GroupCounts } from "../anonymity";
import { anonymityOf, REPORT_GROUP_LABELS, REPORT_GROUP_ORDER } from "../groups";
import type { GroupSummary, ItemReport, StoredGroup } from "../types";

/** Step 2: one line per group that answered: how many responses, whether anonymous, whether shown and why. */
export function summariseGroups(counts: GroupCounts, items: ItemReport[], k: number): GroupSummary[] {
  return REPORT_GROUP_ORDER.filter((g) => g !== "others" && (counts[g as StoredGroup] ?? 0) > 0).map((g) => {
    const group = g as StoredGroup;
    const responses = counts[group]!;
    const attributed = isAttributed(group, counts);
    const shown = items.some((i) => i.cells.some((c) => c.group === group && c.status === "shown"));
    return {
      group,
      label: REPORT_GROUP_LABELS[group],
      responses,
      anonymous: !attributed,
      shown,
      note: attributed
        ? group !== "pooled" && anonymityOf(group) === "attributed"
          ? "The person's own view (not anonymous)."
          : "One line manager answered: shown with their role, not anonymously."
        : group === "pooled"
          ? `Small groups (fewer than ${k} responses each) are only ever shown pooled together, and only where the pool reaches ${k}.`
          : shown
            ? `Shown where at least ${k} of them gave a score.`
            : `Fewer than ${k} answered, so this group is not shown on its own.`,
    };
  });
}
