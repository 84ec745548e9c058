import { DEFAULT_GROUP_LIMITS, type NominatedGroup } from "@/lib/report/groups";

// The groups and their limits are rows of lib/report/rater-groups.ts.
export { DEFAULT_GROUP_LIMITS, MAX_GROUP_LIMITS, NOMINATED_GROUPS, type NominatedGroup } from "@/lib/report/groups";

export function groupLimit(limits: Partial<Record<string, number>> | null | undefined, group: NominatedGroup): number {
  return limits?.[group] ?? DEFAULT_GROUP_LIMITS[group];
}

/** A personal request may stay open for at most this long. */
export const MAX_PERSONAL_DAYS = 90;
