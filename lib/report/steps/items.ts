import type { Pole } from "@/lib/framework";
import { isAttributed, publishItem, type GroupCounts, type ItemPublication } from "../anonymity";
import { blocksToWithhold, populationOf, type CandidateBlock } from "../history";
import type { ItemReport, ReportInput, StoredGroup } from "../types";

/** An item as the report lists it: the framework's, then the organisation's own (no difference, no pole). */
export interface ReportItem {
  key: string;
  dimensionKey: string | null;
  pole: Pole | null;
  text: string;
}

export function reportItems(q: ReportInput["questionnaire"]): ReportItem[] {
  return [
    ...q.items.map((i) => ({ key: i.key, dimensionKey: i.dimensionKey as string | null, pole: i.pole as Pole | null, text: i.text })),
    ...q.customItems.map((i) => ({ key: i.key, dimensionKey: null, pole: null, text: i.text })),
  ];
}

/**
 * Step 1, the per-item cells: each item's blocks published by the anonymity rules, then checked
 * against the person's earlier reports (history.ts), and published again without any block that
 * would combine with them to single someone out.
 */
export function publishItems(
  input: ReportInput,
  allItems: ReportItem[],
  counts: GroupCounts,
): { items: ItemReport[]; publications: Map<string, ItemPublication> } {
  const k = input.threshold;
  const history = input.history;
  const publications = new Map<string, ItemPublication>();
  const items: ItemReport[] = allItems.map((item) => {
    let pub = publishItem(input.responses, item.key, k, counts);
    if (history && history.earlier.length > 0) {
      const shown = new Set(pub.published.filter((b) => b.group !== "others" && b.group !== "pooled").map((b) => b.group as StoredGroup));
      const candidates: CandidateBlock[] = pub.published
        .filter((b) => b.group !== "others" && b.group !== "self")
        .map((b) => ({
          group: b.group,
          n: b.n,
          population: populationOf(b.group, shown, history.populations),
          attributed: b.group !== "pooled" && isAttributed(b.group as StoredGroup, counts),
        }));
      const withheld = blocksToWithhold(candidates, history.earlier, item.key, k);
      if (withheld.size > 0) pub = publishItem(input.responses, item.key, k, counts, withheld);
    }
    publications.set(item.key, pub);
    return { ...item, cells: pub.cells };
  });
  return { items, publications };
}

/** The shown cell of one column of an item, if it is shown. */
export function shownCell(publications: Map<string, ItemPublication>, itemKey: string, group: string) {
  return publications.get(itemKey)!.cells.find((c) => c.group === group && c.status === "shown");
}
