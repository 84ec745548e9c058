import { scaleRange } from "@/lib/framework";
import { countResponses } from "./anonymity";
import { GAP_RULE } from "./gaps";
import { promisedThreshold } from "./history";
import { reportComments } from "./steps/comments";
import { dimensionPoles, growthAreas } from "./steps/dimensions";
import { summariseGroups } from "./steps/group-summaries";
import { publishItems, reportItems } from "./steps/items";
import { agreementOf, rankItems } from "./steps/rankings";
import { summarise } from "./steps/summary";
import type { ReportInput, ReportSnapshot } from "./types";

/**
 * Turn a subject's (unlinked) responses into the report snapshot: everything any page, export or
 * API will ever show, and nothing more. Runs once, at release; the result is stored and never
 * recomputed. `shuffle` orders comments randomly per report (tests pass a deterministic one).
 *
 * The steps (lib/report/steps/) each read only what the anonymity rules published in step 1, never
 * the responses themselves, except the comments, which have their own threshold.
 */
export function buildReport(cycleInput: ReportInput, shuffle: <T>(items: T[]) => T[] = cryptoShuffle): ReportSnapshot {
  // Every step runs at the k the person's reports have promised so far (history.ts), which the
  // snapshot records, so the next report's ledger and the report's own wording use it too.
  const threshold = promisedThreshold(cycleInput.threshold, cycleInput.history?.earlier ?? []);
  // Comments keep their rule of never needing fewer answers than the numbers do.
  const input = { ...cycleInput, threshold, commentThreshold: Math.max(cycleInput.commentThreshold, threshold) };
  const q = input.questionnaire;
  const counts = countResponses(input.responses);
  const k = input.threshold;
  const scale = scaleRange(q.scale);

  const allItems = reportItems(q);
  const { items, publications } = publishItems(input, allItems, counts);
  const groups = summariseGroups(counts, items, k);
  const agreement = agreementOf(q, publications, k, scale);
  const { gaps, ranked, highest, lowest } = rankItems(q, allItems, publications, agreement);
  const { comments, commentsNote } = reportComments(input, counts, shuffle);

  return {
    version: 1,
    subjectName: input.subjectName,
    cycleName: input.cycleName,
    threshold: k,
    commentThreshold: input.commentThreshold,
    scale,
    dimensions: dimensionPoles(q),
    groups,
    items,
    customItemKeys: q.customItems.map((i) => i.key),
    summary: summarise(input.subjectName, ranked, gaps, groups, scale),
    gaps: { ...gaps, rule: GAP_RULE },
    highest,
    lowest,
    agreement,
    comments,
    commentsNote,
    growth: growthAreas(q, publications),
  };
}

/** Fisher-Yates with crypto randomness: comment order must not be predictable from submission order. */
export function cryptoShuffle<T>(items: T[]): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = crypto.getRandomValues(new Uint32Array(1))[0]! % (i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}
