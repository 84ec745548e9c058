import { z } from "zod";

/** One zod schema per form, shared by the plan page's forms and the server actions. */

export const PLAN_TEXT_MAX = 500;
export const PLAN_NOTE_MAX = 2000;

const requestId = z.string().uuid("That feedback request does not exist.");
const id = z.string().uuid("That item does not exist.");
const optionalText = (max: number, what: string) =>
  z
    .string()
    .trim()
    .max(max, `${what} can be at most ${max} characters.`)
    .optional()
    .transform((v) => (v ? v : null));

/** A real calendar date as YYYY-MM-DD (the date input's own format), or nothing. */
export const isoDate = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : null))
  .refine((v) => v === null || (/^\d{4}-\d{2}-\d{2}$/.test(v) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v)), {
    message: "Enter a real date, for example 2027-03-31.",
  })
  .refine((v) => v === null || (v >= "2000-01-01" && v <= "2100-12-31"), { message: "Enter a date between 2000 and 2100." });

export const focusKey = z.string().regex(/^[a-z_]{1,40}\.(leadership|management)$/, "Choose a difference and a side from the list.");

export const focusAreasSchema = z.object({
  requestId,
  focus: z
    .array(focusKey)
    .min(1, "Choose at least one focus area.")
    .max(3, "Choose at most three focus areas: a plan works best when it is short.")
    .refine((keys) => new Set(keys).size === keys.length, { message: "Choose each focus area once." }),
});

export const focusNoteSchema = z.object({
  requestId,
  focusAreaId: id,
  note: optionalText(PLAN_NOTE_MAX, "Your note"),
});

export const addActionSchema = z.object({
  requestId,
  focusAreaId: id,
  what: z.string().trim().min(1, "Say what you will do.").max(PLAN_TEXT_MAX, `An action can be at most ${PLAN_TEXT_MAX} characters.`),
  dueOn: isoDate,
  helper: optionalText(200, "Who can help"),
});

export const ACTION_STATUSES = ["planned", "doing", "done"] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export const actionStatusSchema = z.object({
  requestId,
  actionId: id,
  status: z.enum(ACTION_STATUSES, { message: "Choose planned, doing or done." }),
});

export const removeActionSchema = z.object({ requestId, actionId: id });

export const shareWithManagerSchema = z.object({ requestId });

export const shareWithCoachSchema = z.object({
  requestId,
  coachName: z.string().trim().min(1, "Enter the coach's name.").max(120, "A name can be at most 120 characters."),
  coachEmail: z.string().trim().toLowerCase().email("Enter the coach's e-mail address.").max(254, "That e-mail address is too long."),
});

export const withdrawShareSchema = z.object({ requestId, shareId: id });

export type FocusAreasInput = z.input<typeof focusAreasSchema>;
export type AddActionInput = z.input<typeof addActionSchema>;
export type ShareWithCoachInput = z.input<typeof shareWithCoachSchema>;
