import type { ItemPublication } from "../anonymity";
import type { ReportInput, ReportSnapshot } from "../types";
import { shownCell } from "./items";

/**
 * Step 5a, the poles of each difference, with the statement raters rated for each. A follow-up
 * pulse may ask about one pole only: the other then has no statement (and no cells).
 */
export function dimensionPoles(q: ReportInput["questionnaire"]): ReportSnapshot["dimensions"] {
  return q.dimensions.map((d) => ({
    key: d.key,
    number: d.number,
    title: d.title,
    summary: d.summary,
    poles: {
      leadership: {
        label: d.poles.leadership.label,
        itemKey: `${d.key}.leadership`,
        itemText: q.items.find((i) => i.key === `${d.key}.leadership`)?.text ?? "",
      },
      management: {
        label: d.poles.management.label,
        itemKey: `${d.key}.management`,
        itemText: q.items.find((i) => i.key === `${d.key}.management`)?.text ?? "",
      },
    },
  }));
}

/**
 * Step 5b, where to grow: the two differences whose leadership pole scores lowest (others' view
 * where it is shown, else the person's own), with the framework's tips for each.
 */
export function growthAreas(q: ReportInput["questionnaire"], publications: Map<string, ItemPublication>): ReportSnapshot["growth"] {
  // A pulse rates change, not how often: "lowest" would mean "least improved", not where to grow.
  if (q.pulse) return [];
  return q.dimensions
    .map((d) => {
      const itemKey = `${d.key}.leadership`;
      const others = shownCell(publications, itemKey, "others")?.mean ?? null;
      const self = shownCell(publications, itemKey, "self")?.mean ?? null;
      return { d, score: others ?? self, others };
    })
    .filter((x) => x.score !== null)
    .sort((a, b) => a.score! - b.score!)
    .slice(0, 2)
    .map(({ d, others }) => ({
      dimensionKey: d.key,
      title: d.title,
      poleLabel: d.poles.leadership.label,
      others,
      tips: d.growthTips,
    }));
}
