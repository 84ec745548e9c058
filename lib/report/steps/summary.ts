import type { ScaleRange } from "@/lib/framework";
import type { Gap, GroupSummary } from "../types";

/** Step 6, the summary at the top of the report, in plain words, from the figures above only. */
export function summarise(
  subjectName: string,
  ranked: Gap[],
  gaps: { blindSpots: Gap[]; hiddenStrengths: Gap[] },
  groups: GroupSummary[],
  scale: ScaleRange,
): string[] {
  const first = subjectName.split(" ")[0];
  if (ranked.length === 0) {
    return groups.some((g) => g.group !== "self")
      ? ["Not enough raters answered for others' views to be shown. Only your own view appears below."]
      : ["Nobody but you answered, so this report shows your own view only."];
  }
  const lines: string[] = [];
  const top = ranked.slice(0, 2).map((g) => `${g.label} (${g.others.toFixed(1)} of ${scale.max})`);
  lines.push(`Others see ${first} most strongly in ${top.join(" and ")}.`);
  const low = ranked.slice(-1)[0]!;
  if (!ranked.slice(0, 2).includes(low)) lines.push(`The lowest-rated area is ${low.label} (${low.others.toFixed(1)} of ${scale.max}).`);
  if (gaps.blindSpots.length) {
    lines.push(
      `Possible blind spots, where ${first} rates themselves well above others: ${gaps.blindSpots.map((g) => g.label).join("; ")}.`,
    );
  }
  if (gaps.hiddenStrengths.length) {
    lines.push(`Hidden strengths, where others see more than ${first} does: ${gaps.hiddenStrengths.map((g) => g.label).join("; ")}.`);
  }
  if (!gaps.blindSpots.length && !gaps.hiddenStrengths.length) {
    lines.push(`${first}'s own view and others' views are close: no gap stands out beyond the normal spread of ratings.`);
  }
  return lines;
}
