import type { Questionnaire } from "@/lib/framework";
import { scaleRange, scaleValues } from "@/lib/framework/scale";

/**
 * The survey form's values and the plain helpers around them, with no zod: the browser's survey
 * imports these on first load, and the zod schemas (lib/surveys/schema.ts, which re-exports all of
 * this) only when the form is first validated (app/_components/lazy-zod-resolver.ts).
 */

export const MAX_COMMENT_LENGTH = 2000;
export const NOT_OBSERVED = "not_observed";
/** A point of the questionnaire's scale as the form holds it ("3"), or "not observed". */
export type AnswerValue = `${number}` | typeof NOT_OBSERVED;

/** The answers an item takes: every point of the cycle's frozen scale, then "not observed". */
export function answerValues(q: Pick<Questionnaire, "scale">): [AnswerValue, ...AnswerValue[]] {
  const values: AnswerValue[] = scaleValues(scaleRange(q.scale)).map((v) => `${v}` as const);
  values.push(NOT_OBSERVED);
  return values as [AnswerValue, ...AnswerValue[]];
}

/** Item keys contain dots ("culture.leadership"), which form libraries read as paths. */
export function fieldName(itemKey: string): string {
  return itemKey.replace(".", "__");
}
export function itemKeyOf(field: string): string {
  return field.replace("__", ".");
}

export interface SurveyValues {
  answers: Record<string, AnswerValue | "">;
  comments: Record<string, string>;
  keep_doing: string;
  develop: string;
}

/** The differences a rater may comment on: every one, except on a pulse (its one open question only). */
export function commentDimensions(q: Questionnaire) {
  return q.pulse ? [] : q.dimensions;
}

export function emptyValues(q: Questionnaire): SurveyValues {
  return {
    answers: Object.fromEntries([...q.items, ...q.customItems].map((i) => [fieldName(i.key), ""])),
    comments: Object.fromEntries(commentDimensions(q).map((d) => [d.key, ""])),
    keep_doing: "",
    develop: "",
  };
}

/** Fill a partial (draft or stored) value set into the full shape the form expects. */
export function withDefaults(q: Questionnaire, partial: Partial<SurveyValues> | null | undefined): SurveyValues {
  const base = emptyValues(q);
  if (!partial) return base;
  for (const k of Object.keys(base.answers)) {
    const v = partial.answers?.[k];
    if (v) base.answers[k] = v;
  }
  for (const k of Object.keys(base.comments)) base.comments[k] = partial.comments?.[k] ?? "";
  base.keep_doing = partial.keep_doing ?? "";
  base.develop = partial.develop ?? "";
  return base;
}

/** For two tabs saving one draft: keep what this tab has, fill its gaps from what the other saved. */
export function mergeDrafts(mine: SurveyValues, theirs: SurveyValues): SurveyValues {
  const merged = structuredClone(mine);
  for (const [k, v] of Object.entries(theirs.answers)) if (!merged.answers[k] && v) merged.answers[k] = v;
  for (const [k, v] of Object.entries(theirs.comments)) if (!merged.comments[k] && v) merged.comments[k] = v;
  if (!merged.keep_doing && theirs.keep_doing) merged.keep_doing = theirs.keep_doing;
  if (!merged.develop && theirs.develop) merged.develop = theirs.develop;
  return merged;
}

/** Where a survey's answers go: a rater's invitation, or the subject's own request (self-assessment). */
export type SurveyTarget = { kind: "rater"; invitationId: string } | { kind: "self"; requestId: string };

export const DECLINE_REASONS = {
  not_enough_contact: "I have not worked with them enough to judge",
  no_time: "I do not have time at the moment",
  conflict: "I would rather not, for personal reasons",
  other: "Another reason",
} as const;
