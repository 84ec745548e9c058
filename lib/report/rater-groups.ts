/**
 * The rater groups, as one table of data: everything the product says or decides about a group is
 * read from here (lib/report/groups.ts derives the type, the order, the zod and database enums, the
 * labels, the colours and the anonymity rule). Listed in display order. Adding a group is a new row
 * here and a generated migration for the two database enums; nothing else names the groups.
 */

/**
 * How a group's answers reach the report:
 *   - attributed: always shown as that person's own (self);
 *   - attributed_when_alone: shown with its role when it has exactly one rater (a line manager),
 *     anonymous with more than one;
 *   - anonymous: only ever shown averaged over at least k raters.
 */
export type GroupAnonymity = "attributed" | "attributed_when_alone" | "anonymous";

export interface RaterGroupDefinition {
  /** One rater and several ("Peer" / "Peers"): progress, nominations, "who sees what". */
  one: string;
  many: string;
  /** The report's column heading (and the CSV's). */
  column: string;
  /** Beside an anonymous comment. */
  comment: string;
  /** How the invitation e-mail says why they are asked: "as Sam's line manager". */
  relation: (subjectName: string) => string;
  /** On every chart (at least 3:1 against white); never the only cue. */
  colour: string;
  anonymity: GroupAnonymity;
  /** Raters a request may nominate: the default and the most a cycle may set. Null: never nominated. */
  limits: { default: number; max: number } | null;
}

export const RATER_GROUP_TABLE = {
  self: {
    one: "Self",
    many: "Self",
    column: "Self",
    comment: "Self",
    relation: () => "as someone who works with them",
    colour: "#d55e00",
    anonymity: "attributed",
    limits: null,
  },
  manager: {
    one: "Line manager",
    many: "Managers",
    column: "Line manager",
    comment: "Manager",
    relation: (subjectName) => `as ${subjectName}'s line manager`,
    colour: "#007a5a",
    anonymity: "attributed_when_alone",
    // The manager group holds the line manager only (shown attributed), hence 1.
    limits: { default: 1, max: 1 },
  },
  peer: {
    one: "Peer",
    many: "Peers",
    column: "Peers",
    comment: "Peer",
    relation: () => "as a peer",
    colour: "#6a3d9a",
    anonymity: "anonymous",
    limits: { default: 10, max: 20 },
  },
  direct_report: {
    one: "Direct report",
    many: "Direct reports",
    column: "Direct reports",
    comment: "Direct report",
    relation: (subjectName) => `as one of ${subjectName}'s direct reports`,
    colour: "#b8336a",
    anonymity: "anonymous",
    limits: { default: 15, max: 50 },
  },
  other: {
    one: "Other rater",
    many: "Other raters",
    column: "Other raters",
    comment: "Other rater",
    relation: () => "as someone who works with them",
    colour: "#7a6a00",
    anonymity: "anonymous",
    limits: { default: 5, max: 20 },
  },
} as const satisfies Record<string, RaterGroupDefinition>;
