import { z } from "zod";
import { PADDING_MAX } from "./padding";
import type { Questionnaire } from "@/lib/framework";
import { scaleRange, scaleValues } from "@/lib/framework/scale";
import { withoutControlCharacters } from "@/lib/text/control";

/**
 * The survey form's shape, built from the questionnaire a cycle froze at launch. The same schema
 * validates in the browser (react-hook-form) and in the server actions, so a payload with an
 * unknown item, an out-of-range score, an oversized comment or an extra field is rejected whole.
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

// Comments are often pasted: control characters (NUL included, which the database cannot store)
// are removed rather than refused, keeping tabs and line breaks (lib/text/control.ts says why).
const comment = z
  .string()
  .max(MAX_COMMENT_LENGTH, { error: `Keep this under ${MAX_COMMENT_LENGTH.toLocaleString("en-GB")} characters.` })
  .transform(withoutControlCharacters);

function shape(q: Questionnaire, complete: boolean) {
  const itemFields = [...q.items, ...q.customItems].map((i) => fieldName(i.key));
  // The schema depends on the field names only. Building one (and zod compiling its parser on the
  // first parse) cost more than the parse itself on every submit; a cycle's questionnaire is
  // frozen at launch, so the same few shapes come back again and again.
  const key = `${complete ? "complete" : "draft"}|${itemFields.join(",")}|${q.dimensions.map((d) => d.key).join(",")}|${q.scale.map((p) => p.value).join(",")}`;
  const cached = shapes.get(key);
  if (cached) return cached;
  if (shapes.size >= MAX_CACHED_SHAPES) shapes.clear();
  const built = buildShape(itemFields, q, complete);
  shapes.set(key, built);
  return built;
}

const MAX_CACHED_SHAPES = 64;
const shapes = new Map<string, ReturnType<typeof buildShape>>();

function buildShape(itemFields: string[], q: Questionnaire, complete: boolean) {
  const values = answerValues(q);
  const answer = complete ? z.enum(values, { error: 'Choose an answer, or "Not observed".' }) : z.union([z.enum(values), z.literal("")]);
  return z
    .object({
      answers: z.object(Object.fromEntries(itemFields.map((f) => [f, complete ? answer : answer.optional()]))).strict(),
      comments: z.object(Object.fromEntries(q.dimensions.map((d) => [d.key, comment.optional()]))).strict(),
      keep_doing: comment.optional(),
      develop: comment.optional(),
    })
    .strict();
}

/** A finished response: every item answered (a score or "not observed"). */
export function responseSchema(q: Questionnaire) {
  return shape(q, true);
}

/** A draft: anything may still be missing, nothing may be malformed. */
export function draftSchema(q: Questionnaire) {
  return shape(q, false);
}

export function emptyValues(q: Questionnaire): SurveyValues {
  return {
    answers: Object.fromEntries([...q.items, ...q.customItems].map((i) => [fieldName(i.key), ""])),
    comments: Object.fromEntries(q.dimensions.map((d) => [d.key, ""])),
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

/** Wire payloads: the schema is chosen on the server from the invitation's own questionnaire. */
export const surveyTargetSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("rater"), invitationId: z.uuid() }).strict(),
  z.object({ kind: z.literal("self"), requestId: z.uuid() }).strict(),
]);
export type SurveyTarget = z.output<typeof surveyTargetSchema>;

/** Spaces that pad a survey request to a size bucket (lib/surveys/padding.ts); ignored. */
const padding = z.string().max(PADDING_MAX).regex(/^ *$/, { error: "Padding is spaces only." }).optional();
export const saveDraftInput = z
  .object({ target: surveyTargetSchema, baseVersion: z.number().int().min(0).max(1_000_000), values: z.unknown(), padding })
  .strict();
export const submitInput = z
  .object({ target: surveyTargetSchema, mode: z.enum(["first", "revision"]), values: z.unknown(), padding })
  .strict();

export const DECLINE_REASONS = {
  not_enough_contact: "I have not worked with them enough to judge",
  no_time: "I do not have time at the moment",
  conflict: "I would rather not, for personal reasons",
  other: "Another reason",
} as const;
export const declineInput = z
  .object({
    invitationId: z.uuid(),
    reason: z.enum(Object.keys(DECLINE_REASONS) as [keyof typeof DECLINE_REASONS, ...(keyof typeof DECLINE_REASONS)[]]).optional(),
  })
  .strict();
export const openSurveyInput = z.object({ token: z.string().min(10).max(100) }).strict();
