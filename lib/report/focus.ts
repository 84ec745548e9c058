import { growthIdeas, POLES, type Pole } from "@/lib/framework";
import type { Agreement, Cell, ReportSnapshot } from "./types";

/**
 * Focus areas and growth, read from a released report's frozen snapshot. Everything here is a
 * figure the report itself already publishes (a shown cell's mean and n, a flagged gap, a
 * published agreement band), never a recomputation from answers: a plan, and anyone a plan is
 * shared with, may learn nothing about raters that the report did not already say.
 */

export interface FocusChoice {
  dimensionKey: string;
  pole: Pole;
}

export interface FocusEvidence extends FocusChoice {
  title: string;
  poleLabel: string;
  itemText: string;
  self: number | null;
  others: { mean: number; n: number } | null;
  /** self − others, only where both are shown. */
  gap: number | null;
  agreement: Pick<Agreement, "level" | "label" | "n"> | null;
  /** The report flagged this as a blind spot (self well above others) or a hidden strength. */
  flag: "blind_spot" | "hidden_strength" | null;
  ideas: readonly string[];
}

function shown(cell: Cell | undefined): Cell | null {
  return cell?.status === "shown" && cell.mean !== undefined ? cell : null;
}

/** The evidence for one difference and pole, or null when the report has no such difference. */
export function focusEvidence(s: ReportSnapshot, choice: FocusChoice): FocusEvidence | null {
  const d = s.dimensions.find((x) => x.key === choice.dimensionKey);
  if (!d) return null;
  const pole = d.poles[choice.pole];
  const item = s.items.find((i) => i.key === pole.itemKey);
  const self = shown(item?.cells.find((c) => c.group === "self"));
  const others = shown(item?.cells.find((c) => c.group === "others"));
  const agreement = s.agreement.find((a) => a.dimensionKey === d.key) ?? null;
  const blind = s.gaps.blindSpots.some((g) => g.itemKey === pole.itemKey);
  const hidden = s.gaps.hiddenStrengths.some((g) => g.itemKey === pole.itemKey);
  return {
    dimensionKey: d.key,
    pole: choice.pole,
    title: d.title,
    poleLabel: pole.label,
    itemText: pole.itemText,
    self: self ? self.mean! : null,
    others: others ? { mean: others.mean!, n: others.n ?? 0 } : null,
    gap: self && others ? Math.round((self.mean! - others.mean!) * 100) / 100 : null,
    // Only the band and its n: the legacy spread is never carried on (withoutLegacySpread).
    agreement: agreement ? { level: agreement.level, label: agreement.label, n: agreement.n } : null,
    flag: blind ? "blind_spot" : hidden ? "hidden_strength" : null,
    ideas: growthIdeas(d.key, choice.pole),
  };
}

/** Every difference and pole of the report, in the report's order, with its evidence. */
export function allFocusOptions(s: ReportSnapshot): FocusEvidence[] {
  return s.dimensions.flatMap((d) => POLES.map((pole) => focusEvidence(s, { dimensionKey: d.key, pole })!));
}

/**
 * Suggested focus areas: the report's blind spots first (largest gap first), then its hidden
 * strengths, as the report itself lists them; at most three, each difference and pole once.
 */
export function suggestedFocus(s: ReportSnapshot): FocusChoice[] {
  const out: FocusChoice[] = [];
  for (const g of [...s.gaps.blindSpots, ...s.gaps.hiddenStrengths]) {
    if (!g.dimensionKey || !g.pole) continue;
    if (out.some((c) => c.dimensionKey === g.dimensionKey && c.pole === g.pole)) continue;
    out.push({ dimensionKey: g.dimensionKey, pole: g.pole });
    if (out.length === 3) break;
  }
  return out;
}

export interface GrowthBox {
  dimensionKey: string;
  pole: Pole;
  title: string;
  poleLabel: string;
  others: { mean: number; n: number } | null;
  tips: readonly string[];
}

/**
 * The report's closing growth boxes for both poles: the frozen leadership boxes as released, and
 * the two management sides rated lowest by the same rule (others' shown mean, else the person's
 * own), with ideas from lib/framework/growth.ts. Only shown means are read.
 */
export function growthBoxes(s: ReportSnapshot): Record<Pole, GrowthBox[]> {
  const othersOf = (itemKey: string) => {
    const c = shown(s.items.find((i) => i.key === itemKey)?.cells.find((x) => x.group === "others"));
    return c ? { mean: c.mean!, n: c.n ?? 0 } : null;
  };
  const leadership = s.growth.map((g) => {
    const d = s.dimensions.find((x) => x.key === g.dimensionKey);
    return {
      dimensionKey: g.dimensionKey,
      pole: "leadership" as const,
      title: g.title,
      poleLabel: g.poleLabel,
      others: d ? othersOf(d.poles.leadership.itemKey) : null,
      tips: g.tips,
    };
  });
  const management = s.dimensions
    .map((d) => {
      const itemKey = d.poles.management.itemKey;
      const item = s.items.find((i) => i.key === itemKey);
      const others = othersOf(itemKey);
      const self = shown(item?.cells.find((c) => c.group === "self"))?.mean ?? null;
      return { d, others, score: others?.mean ?? self };
    })
    .filter((x) => x.score !== null)
    .sort((a, b) => a.score! - b.score!)
    .slice(0, 2)
    .map(({ d, others }) => ({
      dimensionKey: d.key,
      pole: "management" as const,
      title: d.title,
      poleLabel: d.poles.management.label,
      others,
      tips: growthIdeas(d.key, "management"),
    }));
  return { leadership, management };
}
