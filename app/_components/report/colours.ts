/** One colour per group on every chart (all at least 3:1 against white); never the only cue. The colours are rows of lib/report/rater-groups.ts. */
export { GROUP_COLOURS } from "@/lib/report/groups";
