import { z } from "zod";
import { PADDING_MAX } from "./padding";
import type { Questionnaire } from "@/lib/framework";
import { answerValues, commentDimensions, DECLINE_REASONS, fieldName, MAX_COMMENT_LENGTH, type SurveyTarget } from "./values";
import { withoutControlCharacters } from "@/lib/text/control";

export * from "./values";

/**
 * The survey form's shape, built from the questionnaire a cycle froze at launch. The same schema
 * validates in the browser (react-hook-form) and in the server actions, so a payload with an
 * unknown item, an out-of-range score, an oversized comment or an extra field is rejected whole.
 */

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
  const key = `${complete ? "complete" : "draft"}|${itemFields.join(",")}|${q.dimensions.map((d) => d.key).join(",")}|${q.scale.map((p) => p.value).join(",")}|${q.pulse ? "pulse" : ""}`;
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
      // A pulse has no comment per difference: only its one open question (lib/pulse/questionnaire.ts).
      comments: z.object(Object.fromEntries(commentDimensions(q).map((d) => [d.key, comment.optional()]))).strict(),
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

/** Wire payloads: the schema is chosen on the server from the invitation's own questionnaire. */
export const surveyTargetSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("rater"), invitationId: z.uuid() }).strict(),
  z.object({ kind: z.literal("self"), requestId: z.uuid() }).strict(),
]);
// The wire schema and the plain type the browser uses must describe the same thing.
const targetsAgree: z.output<typeof surveyTargetSchema> extends SurveyTarget
  ? SurveyTarget extends z.output<typeof surveyTargetSchema>
    ? true
    : never
  : never = true;
void targetsAgree;

/** Spaces that pad a survey request to a size bucket (lib/surveys/padding.ts); ignored. */
const padding = z.string().max(PADDING_MAX).regex(/^ *$/, { error: "Padding is spaces only." }).optional();
export const saveDraftInput = z
  .object({ target: surveyTargetSchema, baseVersion: z.number().int().min(0).max(1_000_000), values: z.unknown(), padding })
  .strict();
export const submitInput = z
  .object({ target: surveyTargetSchema, mode: z.enum(["first", "revision"]), values: z.unknown(), padding })
  .strict();

export const declineInput = z
  .object({
    invitationId: z.uuid(),
    reason: z.enum(Object.keys(DECLINE_REASONS) as [keyof typeof DECLINE_REASONS, ...(keyof typeof DECLINE_REASONS)[]]).optional(),
  })
  .strict();
export const openSurveyInput = z.object({ token: z.string().min(10).max(100) }).strict();
