import type { ReportGroup } from "@/lib/report/types";

/** One colour per group on every chart (all at least 3:1 against white); never the only cue. */
export const GROUP_COLOURS: Record<ReportGroup, string> = {
  self: "#d55e00",
  others: "#0072b2",
  manager: "#007a5a",
  peer: "#6a3d9a",
  direct_report: "#b8336a",
  other: "#7a6a00",
  pooled: "#56687a",
};
