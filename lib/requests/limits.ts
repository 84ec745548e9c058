import type { RaterGroup } from "@/lib/report/groups";

export type NominatedGroup = Exclude<RaterGroup, "self">;
export const NOMINATED_GROUPS: readonly NominatedGroup[] = ["manager", "peer", "direct_report", "other"];

/** Per-group maximum of raters, unless a cycle sets its own. */
/** The manager group holds the line manager only (shown attributed), hence 1. */
export const DEFAULT_GROUP_LIMITS: Record<NominatedGroup, number> = { manager: 1, peer: 10, direct_report: 15, other: 5 };

export function groupLimit(limits: Partial<Record<string, number>> | null | undefined, group: NominatedGroup): number {
  return limits?.[group] ?? DEFAULT_GROUP_LIMITS[group];
}

/** A personal request may stay open for at most this long. */
export const MAX_PERSONAL_DAYS = 90;
