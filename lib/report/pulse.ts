import { plural } from "@/lib/format";
import { REPORT_DISPLAY_ORDER, REPORT_GROUP_LABELS } from "./groups";
import type { Cell, ReportGroup, ReportSnapshot } from "./types";

/**
 * A follow-up pulse read next to the report it follows up. Both are frozen snapshots, each already
 * checked against the person's ledger at its release (lib/report/history.ts): this only puts
 * published numbers side by side and derives nothing new from unpublished ones. A change is shown
 * for a group only where BOTH the original's cell and the pulse's cell were shown; otherwise it
 * says why in words, with no number (a lone shown side next to a hidden one invites a guess).
 */

export interface PulseFocus {
  dimensionKey: string;
  pole: "leadership" | "management";
}

export type PulseRow =
  | {
      group: ReportGroup;
      label: string;
      shown: true;
      /** The original report's mean on its own scale, with its n. */
      before: { mean: number; n: number };
      /** The pulse's mean on the change scale (3 is "about the same"), with its n. */
      change: { mean: number; n: number };
    }
  | { group: ReportGroup; label: string; shown: false; reason: string };

export interface PulseItemResult {
  itemKey: string;
  dimensionKey: string;
  pole: PulseFocus["pole"];
  title: string;
  poleLabel: string;
  itemText: string;
  rows: PulseRow[];
  /** The pulse's agreement band for this difference, where its report shows one (over at least 2k raters). */
  agreement: string | null;
}

function cellOf(snapshot: ReportSnapshot, itemKey: string, group: ReportGroup): Cell | undefined {
  return snapshot.items.find((i) => i.key === itemKey)?.cells.find((c) => c.group === group);
}

function whyNot(original: Cell | undefined, pulse: Cell | undefined): string {
  const originalShown = original?.status === "shown";
  const pulseShown = pulse?.status === "shown";
  if (!originalShown && !pulseShown) return "Not shown in either report, so there is no change to show.";
  // One sentence whether the pulse had no ratings from the group or too few: telling those apart
  // would say whether anyone in a group under k answered.
  if (!pulseShown) return "Not shown in the pulse (too few ratings, or none), so there is no change to show.";
  return "This group was not shown in the original report, so there is nothing to compare with.";
}

function shownCell(c: Cell | undefined): c is Cell & { mean: number; n: number } {
  return c?.status === "shown" && typeof c.mean === "number" && typeof c.n === "number";
}

/** The focus areas a pulse asked about: its own items, in its order (the plan may have changed since). */
export function askedFocus(pulse: ReportSnapshot): PulseFocus[] {
  return pulse.items.flatMap((i) => (i.dimensionKey && i.pole ? [{ dimensionKey: i.dimensionKey, pole: i.pole }] : []));
}

/** One result per focus area, in the order the subject chose them. */
export function comparePulse(original: ReportSnapshot, pulse: ReportSnapshot, focus: readonly PulseFocus[]): PulseItemResult[] {
  return focus.flatMap((f) => {
    const dimension = original.dimensions.find((d) => d.key === f.dimensionKey);
    if (!dimension) return [];
    const itemKey = dimension.poles[f.pole].itemKey;
    const groups = REPORT_DISPLAY_ORDER.filter((g) => cellOf(original, itemKey, g) || cellOf(pulse, itemKey, g));
    const rows: PulseRow[] = groups.map((group) => {
      const before = cellOf(original, itemKey, group);
      const after = cellOf(pulse, itemKey, group);
      const label = REPORT_GROUP_LABELS[group];
      if (shownCell(before) && shownCell(after)) {
        return { group, label, shown: true, before: { mean: before.mean, n: before.n }, change: { mean: after.mean, n: after.n } };
      }
      return { group, label, shown: false, reason: whyNot(before, after) };
    });
    const band = pulse.agreement.find((a) => a.dimensionKey === f.dimensionKey);
    return [
      {
        itemKey,
        dimensionKey: f.dimensionKey,
        pole: f.pole,
        title: dimension.title,
        poleLabel: dimension.poles[f.pole].label,
        itemText: dimension.poles[f.pole].itemText,
        rows,
        agreement: band ? `${band.label} (${plural(band.n, "rater")})` : null,
      },
    ];
  });
}

/** Plain words for a change mean on the 1-5 change scale. */
export function changeWords(mean: number): string {
  if (mean >= 4.5) return "much more often";
  if (mean >= 3.5) return "more often";
  if (mean > 2.5) return "about the same";
  if (mean > 1.5) return "less often";
  return "much less often";
}
