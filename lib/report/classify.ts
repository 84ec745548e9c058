import { anonymityOf, type StoredGroup } from "./groups";

/**
 * The one classifier of rater groups. Given how many raters a group has (nominated, responded, or
 * stored after close: the same rule for each), every group is exactly one of:
 *   - attributed: shown with its role, not anonymous (self; a line manager who is the only manager);
 *   - shown: anonymous, with at least k raters, so it may be published on its own;
 *   - pooled: anonymous and under k, but the small groups together reach k: only ever the pool;
 *   - hidden: anonymous and under k, and the small groups together do not reach k either.
 * Publication (per item, on top of this), the nomination preview, early release, close (which
 * groups are relabelled "pooled") and the "who sees what" text all ask this function, so the rule
 * is written once.
 */
export type GroupClass = "attributed" | "shown" | "pooled" | "hidden";

export type GroupCounts = Partial<Record<StoredGroup, number>>;

/** Shown with their role rather than behind the threshold: self, and a single line manager. */
export function isAttributed(group: StoredGroup, counts: GroupCounts): boolean {
  if (group === "pooled") return false;
  const rule = anonymityOf(group);
  return rule === "attributed" || (rule === "attributed_when_alone" && (counts[group] ?? 0) === 1);
}

/** Anonymous and too small to be shown on its own (the relabelled "pooled" group always is). */
export function isSmallGroup(group: StoredGroup, counts: GroupCounts, threshold: number): boolean {
  return !isAttributed(group, counts) && (group === "pooled" || (counts[group] ?? 0) < threshold);
}

export function classifyGroups(counts: GroupCounts, threshold: number): Partial<Record<StoredGroup, GroupClass>> {
  const groups = (Object.keys(counts) as StoredGroup[]).filter((g) => (counts[g] ?? 0) > 0);
  const small = groups.filter((g) => isSmallGroup(g, counts, threshold));
  const poolReaches = small.reduce((sum, g) => sum + counts[g]!, 0) >= threshold;
  const out: Partial<Record<StoredGroup, GroupClass>> = {};
  for (const g of groups) {
    out[g] = isAttributed(g, counts) ? "attributed" : !small.includes(g) ? "shown" : poolReaches ? "pooled" : "hidden";
  }
  return out;
}
