import type { Pole, Questionnaire, ReportScale } from "@/lib/framework";
import type { ReportGroup, StoredGroup } from "./groups";
import type { Populations, ReleaseRecord } from "./history";

/**
 * What lib/report computes from and what it produces. Plain data only: the database layer hands
 * in rows, the pages and exports read the snapshot out. No rater identity goes in or comes out.
 */

/** Groups as stored: at close, anonymous groups below the threshold are relabelled "pooled". */
export type { StoredGroup } from "./groups";

export interface ResponseInput {
  group: StoredGroup;
  /** itemKey -> a point of the questionnaire's scale, or null for "not observed". A missing key counts as not observed. */
  answers: Record<string, number | null>;
}

export interface CommentInput {
  group: StoredGroup;
  /** A dimension key, or "keep_doing" / "develop". */
  topic: string;
  body: string;
}

export interface ReportInput {
  questionnaire: Questionnaire;
  /**
   * What the person's earlier reports published (the ledger) and who was invited now, per group,
   * as mailbox keys: blocks that would combine with earlier ones to single someone out are
   * withheld (history.ts). Absent for a first report, and in tests of one report alone.
   */
  history?: { earlier: ReleaseRecord[]; populations: Populations };
  threshold: number;
  commentThreshold: number;
  subjectName: string;
  cycleName: string;
  responses: ResponseInput[];
  comments: CommentInput[];
}

/** A column of the report. "others" is everyone but self, built only from published blocks. */
export type { ReportGroup } from "./groups";

export type CellStatus = "shown" | "suppressed" | "pooled" | "no_answers";

export interface Cell {
  group: ReportGroup;
  status: CellStatus;
  /** Raters who gave a score (not "not observed"); only on shown cells. */
  n?: number;
  /** Mean score on the report's scale, rounded to two decimals; only on shown cells. */
  mean?: number;
  /** Why a cell is not shown, in plain words. */
  reason?: string;
}

export interface ItemReport {
  key: string;
  dimensionKey: string | null;
  pole: Pole | null;
  text: string;
  cells: Cell[];
}

export interface GroupSummary {
  group: ReportGroup;
  label: string;
  /** Responses in the group (a count, never who). */
  responses: number;
  anonymous: boolean;
  shown: boolean;
  note: string;
}

export interface Gap {
  itemKey: string;
  dimensionKey: string | null;
  pole: Pole | null;
  label: string;
  self: number;
  others: number;
  othersN: number;
  gap: number;
}

export interface Agreement {
  dimensionKey: string;
  /** A coarse band only (see lib/report/gaps.ts): a spread to two decimals can pin the scores. */
  level: "agree" | "mixed" | "disagree";
  /**
   * Reports released before the band rule stored the spread itself. It is never shown or
   * exported again (see withoutLegacySpread); new reports never hold it.
   */
  spread?: number;
  n: number;
  label: string;
}

export interface ReportComment {
  groupLabel: string;
  body: string;
}

export interface ReportSnapshot {
  version: 1;
  subjectName: string;
  cycleName: string;
  threshold: number;
  commentThreshold: number;
  /**
   * The scale the report was rated on (the cycle's frozen questionnaire). Absent on reports
   * released before it was stored: those read as framework v1's (snapshotScale).
   */
  scale?: ReportScale;
  dimensions: {
    key: string;
    number: number;
    title: string;
    summary: string;
    poles: Record<Pole, { label: string; itemKey: string; itemText: string }>;
  }[];
  groups: GroupSummary[];
  items: ItemReport[];
  /** Items added by the organisation, reported like the framework's. */
  customItemKeys: string[];
  summary: string[];
  gaps: { blindSpots: Gap[]; hiddenStrengths: Gap[]; rule: string };
  highest: Gap[];
  lowest: Gap[];
  agreement: Agreement[];
  comments: { topic: string; title: string; entries: ReportComment[] }[];
  commentsNote: string;
  growth: { dimensionKey: string; title: string; poleLabel: string; others: number | null; tips: string[] }[];
}
