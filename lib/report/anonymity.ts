import { isAttributed, isSmallGroup, type GroupCounts } from "./classify";
import { columnPlural, REPORT_GROUP_ORDER } from "./groups";
import type { Cell, ReportGroup, ResponseInput, StoredGroup } from "./types";

export { isAttributed, type GroupCounts } from "./classify";

/**
 * The anonymity rules, as pure functions. The unit of publication is a block: one rater group's
 * answers to one item, counting only raters who gave a score ("not observed" does not count).
 *
 * 1. Self, and a line manager who is the only manager responding, are published attributed.
 * 2. Any other group (peers, direct reports, other raters, several managers) is anonymous: its block
 *    is published only with at least k raters.
 * 3. Anonymous blocks under k are pooled into one "other raters (pooled)" block when together they
 *    reach k, and are then shown only as the pool; otherwise they are left out everywhere.
 * 4. Every other number ("all raters except self", team and organisation figures) is a sum of
 *    published blocks only, so no difference of published numbers isolates fewer than k raters.
 * 5. Blocks that, together with what the person's earlier reports published, would isolate fewer
 *    than k raters are withheld (history.ts decides which; publishItem is told).
 */

export { REPORT_GROUP_LABELS, REPORT_GROUP_ORDER } from "./groups";

export function countResponses(responses: ResponseInput[]): GroupCounts {
  const counts: GroupCounts = {};
  for (const r of responses) counts[r.group] = (counts[r.group] ?? 0) + 1;
  return counts;
}

export interface Block {
  group: ReportGroup;
  /** Indexes into the responses array: for the disclosure auditor, never published. */
  raters: number[];
  n: number;
  sum: number;
  sumOfSquares: number;
}

export interface ItemPublication {
  itemKey: string;
  /** Every block whose numbers are published, including the pool and "others". */
  published: Block[];
  cells: Cell[];
  /** Individual scores behind "others", for its spread (never published individually). */
  othersScores: number[];
}

function emptyBlock(group: ReportGroup): Block {
  return { group, raters: [], n: 0, sum: 0, sumOfSquares: 0 };
}

function add(block: Block, rater: number, score: number) {
  block.raters.push(rater);
  block.n += 1;
  block.sum += score;
  block.sumOfSquares += score * score;
}

export function mean(block: { n: number; sum: number }): number {
  return Math.round((block.sum / block.n) * 100) / 100;
}

const plural = columnPlural;

/** Why a block is withheld because of the person's earlier reports. */
export const WITHHELD_REASON =
  "Not shown: an earlier report on this person had nearly the same raters here, and the two together could single someone out.";

/**
 * Apply the rules to one item. `withheld` names anonymous blocks (a group, or the pool) that may
 * not be published because of earlier reports: they are left out everywhere, "others" included.
 */
export function publishItem(
  responses: ResponseInput[],
  itemKey: string,
  threshold: number,
  counts: GroupCounts,
  withheld: ReadonlySet<ReportGroup> = new Set(),
): ItemPublication {
  const blocks = new Map<StoredGroup, Block>();
  responses.forEach((r, index) => {
    const score = r.answers[itemKey];
    if (score === null || score === undefined) return;
    const block = blocks.get(r.group) ?? emptyBlock(r.group);
    add(block, index, score);
    blocks.set(r.group, block);
  });

  const published: Block[] = [];
  const cells = new Map<ReportGroup, Cell>();
  const underThreshold: Block[] = [];
  // Small groups (anonymous, fewer than k responses, or already relabelled "pooled") are never
  // described on their own: their cell says the same whether or not anyone in them scored this
  // item, so not even their "not observed" choices show.
  const small = (group: StoredGroup) => isSmallGroup(group, counts, threshold);
  for (const group of Object.keys(counts) as StoredGroup[]) {
    const block = blocks.get(group);
    if (block && withheld.has(group) && (isAttributed(group, counts) || (!small(group) && block.n >= threshold))) {
      cells.set(group, { group, status: "suppressed", reason: WITHHELD_REASON });
    } else if (block && isAttributed(group, counts)) {
      published.push(block);
      cells.set(group, { group, status: "shown", n: block.n, mean: mean(block) });
    } else if (block && !small(group) && block.n >= threshold) {
      published.push(block);
      cells.set(group, { group, status: "shown", n: block.n, mean: mean(block) });
    } else if (block) {
      underThreshold.push(block);
    } else if (!small(group)) {
      const reason = isAttributed(group, counts)
        ? `Not rated here ("not observed").`
        : `Nobody in this group gave a score here (all chose "not observed").`;
      cells.set(group, { group, status: "no_answers", reason });
    }
  }

  const pool = emptyBlock("pooled");
  for (const b of underThreshold) for (const rater of b.raters) add(pool, rater, responses[rater]!.answers[itemKey]!);
  const poolShown = pool.n >= threshold && !withheld.has("pooled");
  if (poolShown) {
    published.push(pool);
    cells.set("pooled", { group: "pooled", status: "shown", n: pool.n, mean: mean(pool) });
  }
  for (const group of Object.keys(counts) as StoredGroup[]) {
    if (cells.has(group)) continue; // shown, no answers, or the shown pool
    if (group === "pooled") {
      cells.set("pooled", {
        group: "pooled",
        status: "suppressed",
        reason: pool.n >= threshold ? WITHHELD_REASON : `Fewer than ${threshold} raters in small groups answered this.`,
      });
      continue;
    }
    const contributed = underThreshold.some((b) => b.group === group);
    cells.set(
      group,
      poolShown && (contributed || small(group))
        ? {
            group,
            status: "pooled",
            reason: `Fewer than ${threshold} ${plural(group)} answered this: included in "other raters (pooled)".`,
          }
        : {
            group,
            status: "suppressed",
            reason:
              pool.n >= threshold && contributed
                ? WITHHELD_REASON
                : `Fewer than ${threshold} ${plural(group)} answered this, so it is not shown.`,
          },
    );
  }

  const others = emptyBlock("others");
  const othersScores: number[] = [];
  for (const b of published) {
    if (b.group === "self") continue;
    for (const rater of b.raters) {
      const score = responses[rater]!.answers[itemKey]!;
      add(others, rater, score);
      othersScores.push(score);
    }
  }
  if (others.n > 0) {
    published.push(others);
    cells.set("others", { group: "others", status: "shown", n: others.n, mean: mean(others) });
  } else if (Object.keys(counts).some((g) => g !== "self")) {
    cells.set("others", { group: "others", status: "suppressed", reason: "Not enough raters answered this for others' view to be shown." });
  }

  const ordered = REPORT_GROUP_ORDER.flatMap((g) => (cells.has(g) ? [cells.get(g)!] : []));
  return { itemKey, published, cells: ordered, othersScores };
}

/** Comments are shown per group only with at least k_c responses (self and a single manager attributed). */
export function commentGroupShown(group: StoredGroup, counts: GroupCounts, commentThreshold: number): boolean {
  if (group === "pooled") return false; // dropped, never pooled
  if (isAttributed(group, counts)) return true;
  return (counts[group] ?? 0) >= commentThreshold;
}
