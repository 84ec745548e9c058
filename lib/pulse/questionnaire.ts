import type { OpenQuestion, Pole, Questionnaire, ScalePoint } from "@/lib/framework";

/**
 * A follow-up pulse's questionnaire: only the items of the subject's focus areas, under the SAME
 * item keys as the report it follows up. The keys matter for anonymity, not only for reading the
 * result: the ledger (lib/report/history.ts) compares published blocks item by item, so a pulse
 * on "risk.leadership" is checked against what the original report and every other pulse published
 * on "risk.leadership" (assuming, conservatively, that a rater answers alike every time).
 */

export interface FocusItem {
  dimensionKey: string;
  pole: Pole;
}

/** A change scale, as data like the framework's own (issue 20): 3 is "no change". */
export const CHANGE_SCALE: ScalePoint[] = [
  { value: 1, label: "Much less often" },
  { value: 2, label: "A little less often" },
  { value: 3, label: "About the same" },
  { value: 4, label: "A little more often" },
  { value: 5, label: "Much more often" },
];

/** The point of CHANGE_SCALE that means "no change". */
export const NO_CHANGE = 3;

/** The one optional open question of a pulse (comments obey the comment threshold as ever). */
export const PULSE_OPEN_QUESTION: OpenQuestion = {
  key: "develop",
  // Worded without "this person": the survey puts the name (or "you", for the self-assessment) there.
  text: "What change, if any, have you noticed?",
  hint: "Something done differently since, or the same as before.",
};

/** "three months ago", "about four months ago": how far back raters compare with, from the days since release. */
export function sincePhrase(daysSinceRelease: number): string {
  const months = Math.max(1, Math.round(daysSinceRelease / 30.4));
  const words = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];
  if (months > 12) return "a year ago";
  return `${words[months]} ${months === 1 ? "month" : "months"} ago`;
}

/**
 * Built from the ORIGINAL report's frozen questionnaire (not today's framework): its wording and its
 * keys. Focus areas outside it are refused, never dropped quietly.
 */
export function pulseQuestionnaire(original: Questionnaire, focus: readonly FocusItem[], since: string): Questionnaire {
  if (focus.length < 1 || focus.length > 3) throw new Error("A pulse follows up one to three focus areas");
  const items = focus.map((f) => {
    const item = original.items.find((i) => i.dimensionKey === f.dimensionKey && i.pole === f.pole);
    if (!item) throw new Error(`The report has no item for ${f.dimensionKey}.${f.pole}`);
    return item;
  });
  const keys = new Set(items.map((i) => i.key));
  if (keys.size !== items.length) throw new Error("A focus area appears twice");
  const dimensionKeys = new Set(items.map((i) => i.dimensionKey));
  return structuredClone({
    frameworkVersion: original.frameworkVersion,
    dimensions: original.dimensions.filter((d) => dimensionKeys.has(d.key)),
    items: original.items.filter((i) => keys.has(i.key)),
    customItems: [],
    scale: CHANGE_SCALE,
    notObservedLabel: original.notObservedLabel,
    openQuestions: [PULSE_OPEN_QUESTION],
    pulse: { since },
  });
}
