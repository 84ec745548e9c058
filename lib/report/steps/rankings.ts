import type { ScaleRange } from "@/lib/framework";
import type { ItemPublication } from "../anonymity";
import { agreementFor, findGaps, type GapInput } from "../gaps";
import type { Agreement, Gap, ReportInput } from "../types";
import { shownCell, type ReportItem } from "./items";

/** "Culture: shapes the culture" for a framework item, the statement itself for a custom one. */
export function itemLabel(q: ReportInput["questionnaire"], itemKey: string): string {
  const item = q.items.find((i) => i.key === itemKey);
  if (!item) return q.customItems.find((i) => i.key === itemKey)?.text ?? itemKey;
  const d = q.dimensions.find((x) => x.key === item.dimensionKey)!;
  return `${d.title}: ${d.poles[item.pole].label.toLowerCase()}`;
}

/** Step 3a: how far others agree on each difference, from the scores behind its "others" cells. */
export function agreementOf(
  q: ReportInput["questionnaire"],
  publications: Map<string, ItemPublication>,
  k: number,
  scale: ScaleRange,
): Agreement[] {
  return q.dimensions.flatMap((d) => {
    const perItem = q.items.filter((i) => i.dimensionKey === d.key).map((i) => publications.get(i.key)!.othersScores);
    const a = agreementFor(d.key, perItem, k, scale);
    return a ? [a] : [];
  });
}

/**
 * Step 3b, gaps and rankings, from published figures only: self against others per item (blind
 * spots and hidden strengths, unless others disagree widely there), and the items others rate
 * highest and lowest.
 */
export function rankItems(
  q: ReportInput["questionnaire"],
  allItems: ReportItem[],
  publications: Map<string, ItemPublication>,
  agreement: Agreement[],
) {
  const disagree = new Set(agreement.filter((a) => a.level === "disagree").map((a) => a.dimensionKey));
  const gapInputs: GapInput[] = allItems.map((item) => {
    const self = shownCell(publications, item.key, "self");
    const others = shownCell(publications, item.key, "others");
    return {
      itemKey: item.key,
      dimensionKey: item.dimensionKey,
      pole: item.pole,
      label: itemLabel(q, item.key),
      self: self?.mean ?? null,
      others: others?.mean ?? null,
      othersN: others?.n ?? 0,
      disagree: item.dimensionKey !== null && disagree.has(item.dimensionKey),
    };
  });
  const gaps = findGaps(gapInputs);
  const ranked: Gap[] = gapInputs
    .filter((g) => g.others !== null)
    .map((g) => ({
      itemKey: g.itemKey,
      dimensionKey: g.dimensionKey,
      pole: g.pole,
      label: g.label,
      self: g.self ?? NaN,
      others: g.others!,
      othersN: g.othersN,
      gap: g.self === null ? NaN : round((g.self ?? 0) - g.others!),
    }))
    .sort((a, b) => b.others - a.others);
  const highest = ranked.slice(0, 3);
  const lowest = ranked
    .slice(-3)
    .reverse()
    .filter((g) => !highest.includes(g));
  return { gaps, ranked, highest, lowest };
}

function round(n: number) {
  return Math.round(n * 100) / 100;
}
