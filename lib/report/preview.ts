import { classifyGroups } from "./classify";
import { groupLabel, MAYBE_ANONYMOUS_GROUPS, type RaterGroup } from "./groups";

/**
 * What the nomination page predicts for each rater group, if everyone nominated answers: shown on
 * its own, shown only pooled with other small groups, hidden, or attributed (self, a single line
 * manager). The same classifier as publication, close and early release, on nomination counts.
 */
export type PreviewStatus = "shown" | "pooled" | "hidden" | "attributed";

export interface GroupPreview {
  group: RaterGroup;
  nominated: number;
  status: PreviewStatus;
  /** How many more raters this group needs to be shown on its own (0 when it is). */
  missing: number;
  message: string;
}

export function previewAnonymity(nominated: Partial<Record<RaterGroup, number>>, threshold: number): GroupPreview[] {
  const groups = MAYBE_ANONYMOUS_GROUPS.filter((g) => (nominated[g] ?? 0) > 0);
  const classes = classifyGroups(Object.fromEntries(groups.map((g) => [g, nominated[g]!])), threshold);

  return groups.map((group) => {
    const n = nominated[group]!;
    const label = groupLabel(group, n);
    if (classes[group] === "attributed") {
      return {
        group,
        nominated: n,
        status: "attributed" as const,
        missing: 0,
        message: `${label}: ${n} nominated. A single line manager's answers are shown with their role, not anonymously.`,
      };
    }
    if (classes[group] === "shown") {
      return {
        group,
        nominated: n,
        status: "shown" as const,
        missing: 0,
        message: `${label}: ${n} nominated, enough to be shown (at least ${threshold}).`,
      };
    }
    const missing = threshold - n;
    const lower = label.toLowerCase();
    const singular = groupLabel(group, 1).toLowerCase();
    if (classes[group] === "pooled") {
      return {
        group,
        nominated: n,
        status: "pooled" as const,
        missing,
        message: `${label}: ${n} nominated, at least ${threshold} needed to be shown on their own. Their answers would only appear pooled with other small groups as "other raters". Add ${missing === 1 ? `a ${singular}` : `${missing} more ${lower}`} to show them separately.`,
      };
    }
    return {
      group,
      nominated: n,
      status: "hidden" as const,
      missing,
      message: `${label}: ${n} nominated, at least ${threshold} needed: their answers would be hidden. Add ${missing === 1 ? `a ${singular}` : `${missing} more ${lower}`}, or pool ${lower} with others.`,
    };
  });
}

export function hasUnderThresholdGroup(preview: GroupPreview[]): boolean {
  return preview.some((p) => p.status === "hidden" || p.status === "pooled");
}
