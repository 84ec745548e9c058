/**
 * Rater groups and who counts as anonymous, derived from the one table of them (rater-groups.ts).
 * Pure data, shared by every layer: the zod enums, the database enums, labels, colours and every
 * ordering of groups are read from here, so none of them is written out a second time.
 */
import { RATER_GROUP_TABLE, type GroupAnonymity, type RaterGroupDefinition } from "./rater-groups";

export type { GroupAnonymity, RaterGroupDefinition } from "./rater-groups";

export type RaterGroup = keyof typeof RATER_GROUP_TABLE;

const TABLE: Record<RaterGroup, RaterGroupDefinition> = RATER_GROUP_TABLE;

/** Every group, in display order (a non-empty tuple, as zod and drizzle enums want). */
export const RATER_GROUPS = Object.keys(TABLE) as [RaterGroup, ...RaterGroup[]];

export function raterGroup(group: RaterGroup): RaterGroupDefinition {
  return TABLE[group];
}

export function anonymityOf(group: RaterGroup): GroupAnonymity {
  return TABLE[group].anonymity;
}

/** Always anonymous. A group anonymous only with several raters (the manager) joins them then. */
export const ANONYMOUS_GROUPS: readonly RaterGroup[] = RATER_GROUPS.filter((g) => TABLE[g].anonymity === "anonymous");

/** Groups that can be anonymous at all: everyone but the subject. */
export const MAYBE_ANONYMOUS_GROUPS: readonly RaterGroup[] = RATER_GROUPS.filter((g) => TABLE[g].anonymity !== "attributed");

/** Groups a request nominates raters into (those with limits: all but self), in display order. */
export type NominatedGroup = {
  [K in RaterGroup]: (typeof RATER_GROUP_TABLE)[K]["limits"] extends null ? never : K;
}[RaterGroup];
export const NOMINATED_GROUPS = RATER_GROUPS.filter((g) => TABLE[g].limits !== null) as [NominatedGroup, ...NominatedGroup[]];

export const GROUP_LABELS: Record<RaterGroup, { one: string; many: string }> = Object.fromEntries(
  RATER_GROUPS.map((g) => [g, { one: TABLE[g].one, many: TABLE[g].many }]),
) as Record<RaterGroup, { one: string; many: string }>;

export function groupLabel(group: RaterGroup, n: number): string {
  return n === 1 ? GROUP_LABELS[group].one : GROUP_LABELS[group].many;
}

/** "peers", "direct reports": a group inside a sentence. */
export function groupPlural(group: RaterGroup): string {
  return TABLE[group].many.toLowerCase();
}

/** Per-group maximum of raters, unless a cycle sets its own. */
export const DEFAULT_GROUP_LIMITS = Object.fromEntries(NOMINATED_GROUPS.map((g) => [g, TABLE[g].limits!.default])) as Record<
  NominatedGroup,
  number
>;
/** The most a cycle may allow per group. */
export const MAX_GROUP_LIMITS = Object.fromEntries(NOMINATED_GROUPS.map((g) => [g, TABLE[g].limits!.max])) as Record<
  NominatedGroup,
  number
>;

export const MIN_THRESHOLD = 3;
export const MAX_THRESHOLD = 10;

/**
 * The report's columns beyond the rater groups: "pooled" (small anonymous groups together, and
 * the stored group of their answers after close) and "others" (everyone but self, from published
 * blocks only).
 */
export const REPORT_COLUMNS = {
  pooled: { column: "Other raters (pooled)", comment: "Other rater", plural: "raters in small groups", colour: "#56687a" },
  others: { column: "All raters except self", comment: "Other rater", plural: "raters in small groups", colour: "#0072b2" },
} as const;

export type StoredGroup = RaterGroup | "pooled";
export type ReportGroup = StoredGroup | "others";

/** Groups as stored with answers (the answer_group enum): every group, then "pooled". */
export const STORED_GROUPS = [...RATER_GROUPS, "pooled"] as [StoredGroup, ...StoredGroup[]];

/** The order of a report's columns in the snapshot: the groups, the pool, then "others". */
export const REPORT_GROUP_ORDER: readonly ReportGroup[] = [...STORED_GROUPS, "others"];

/** The order the report shows them in: self and others first, for the comparison. */
export const REPORT_DISPLAY_ORDER: readonly ReportGroup[] = ["self", "others", ...RATER_GROUPS.filter((g) => g !== "self"), "pooled"];

function isRaterGroup(group: ReportGroup): group is RaterGroup {
  return group !== "pooled" && group !== "others";
}

export const REPORT_GROUP_LABELS: Record<ReportGroup, string> = Object.fromEntries(
  REPORT_GROUP_ORDER.map((g) => [g, isRaterGroup(g) ? TABLE[g].column : REPORT_COLUMNS[g].column]),
) as Record<ReportGroup, string>;

/** One colour per column on every chart. */
export const GROUP_COLOURS: Record<ReportGroup, string> = Object.fromEntries(
  REPORT_GROUP_ORDER.map((g) => [g, isRaterGroup(g) ? TABLE[g].colour : REPORT_COLUMNS[g].colour]),
) as Record<ReportGroup, string>;

/** The label beside an anonymous comment. */
export function commentLabel(group: StoredGroup): string {
  return isRaterGroup(group) ? TABLE[group].comment : REPORT_COLUMNS[group].comment;
}

/** A column inside a sentence: "Fewer than 3 peers answered this". */
export function columnPlural(group: ReportGroup): string {
  return isRaterGroup(group) ? groupPlural(group) : REPORT_COLUMNS[group].plural;
}
