/** Rater groups and who counts as anonymous. Pure data, shared by every layer. */

export type RaterGroup = "self" | "manager" | "peer" | "direct_report" | "other";
export const RATER_GROUPS: readonly RaterGroup[] = ["self", "manager", "peer", "direct_report", "other"];

/** Always anonymous. The manager group joins them when it has more than one rater. */
export const ANONYMOUS_GROUPS: readonly RaterGroup[] = ["peer", "direct_report", "other"];

export const GROUP_LABELS: Record<RaterGroup, { one: string; many: string }> = {
  self: { one: "Self", many: "Self" },
  manager: { one: "Line manager", many: "Managers" },
  peer: { one: "Peer", many: "Peers" },
  direct_report: { one: "Direct report", many: "Direct reports" },
  other: { one: "Other rater", many: "Other raters" },
};

export function groupLabel(group: RaterGroup, n: number): string {
  return n === 1 ? GROUP_LABELS[group].one : GROUP_LABELS[group].many;
}

export const MIN_THRESHOLD = 3;
export const MAX_THRESHOLD = 10;
