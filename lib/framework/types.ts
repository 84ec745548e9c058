export type Pole = "leadership" | "management";
export const POLES: readonly Pole[] = ["leadership", "management"] as const;

export interface PoleDefinition {
  /** Short label, e.g. "Shapes the culture". */
  label: string;
  /** What showing this pole looks like, for the report. */
  description: string;
}

export interface Item {
  /** Stable key, e.g. "culture.leadership"; answers refer to it. */
  key: string;
  dimensionKey: string;
  pole: Pole;
  /** The statement raters rate, written without a subject: "How often does Sam … <text>". */
  text: string;
}

export interface Dimension {
  key: string;
  /** Position 1-8 in the framework. */
  number: number;
  title: string;
  summary: string;
  poles: Record<Pole, PoleDefinition>;
  /** Practical ways to grow the leadership pole. */
  growthTips: string[];
}

/** One point of the rating scale; the framework's data says how many there are (lib/framework/scale.ts). */
export interface ScalePoint {
  value: number;
  label: string;
}

export interface CustomItem {
  /** "custom.1" … "custom.6". */
  key: string;
  text: string;
}

export interface OpenQuestion {
  key: "keep_doing" | "develop";
  text: string;
  hint: string;
}

export interface Framework {
  version: string;
  name: string;
  dimensions: Dimension[];
  items: Item[];
  scale: ScalePoint[];
  notObservedLabel: string;
  openQuestions: OpenQuestion[];
}

export interface PulseWording {
  /** How far back raters compare with, e.g. "three months ago". */
  since: string;
}

/** What a cycle freezes at launch: the framework's wording plus the organisation's own items. */
export interface Questionnaire {
  frameworkVersion: string;
  dimensions: Dimension[];
  items: Item[];
  customItems: CustomItem[];
  scale: ScalePoint[];
  notObservedLabel: string;
  openQuestions: OpenQuestion[];
  /**
   * Set on a follow-up pulse's questionnaire (lib/pulse/questionnaire.ts): raters rate change since
   * the original report, on a change scale, with no comment per difference. Absent on every other.
   */
  pulse?: PulseWording;
}
