import { z } from "zod";
import { emailAddress } from "@/lib/auth/schemas";
import { addDaysIso, todayIso } from "@/lib/dates";
import { noControlCharacters, noControlCharactersError } from "@/lib/text/control";
import { MAX_PERSONAL_DAYS, NOMINATED_GROUPS } from "./limits";

/** One schema per form: react-hook-form uses these in the browser, the server actions on the server. */

const requestId = z.uuid({ error: "Unknown feedback request." });
export const nominatedGroupSchema = z.enum(NOMINATED_GROUPS, {
  error: "Choose a rater group.",
});

export const nominatePersonSchema = z
  .object({ requestId, personId: z.uuid({ error: "Choose someone from the directory." }), group: nominatedGroupSchema })
  .strict();

export const nominateExternalSchema = z
  .object({
    requestId,
    name: z
      .string({ error: "Enter their name." })
      .trim()
      .min(1, { error: "Enter their name." })
      .max(120, { error: "Keep the name under 120 characters." })
      .refine(noControlCharacters, noControlCharactersError),
    email: emailAddress,
  })
  .strict();
export type NominateExternalInput = z.input<typeof nominateExternalSchema>;

export const invitationRefSchema = z.object({ requestId, invitationId: z.uuid() }).strict();

/** "E-mail me my link" on the home page: one invitation addressed to the viewer. */
export const mySurveyLinkSchema = z.object({ invitationId: z.uuid({ error: "Unknown invitation." }) }).strict();

export const requestRefSchema = z.object({ requestId }).strict();

export const submitNominationsSchema = z.object({ requestId, confirmUnderThreshold: z.boolean().default(false) }).strict();

export const searchDirectorySchema = z
  .object({
    requestId,
    query: z.string().trim().min(2, { error: "Type at least 2 letters." }).max(100).refine(noControlCharacters, noControlCharactersError),
  })
  .strict();

export const startRequestSchema = z.object({ cycleId: z.uuid() }).strict();

export const personalRequestSchema = z
  .object({
    closesOn: z.iso
      .date({ error: "Choose a close date." })
      .refine((d) => d > todayIso(), { error: "Choose a date after today." })
      .refine((d) => d <= addDaysIso(todayIso(), MAX_PERSONAL_DAYS), {
        error: `Choose a date within ${MAX_PERSONAL_DAYS} days.`,
      }),
  })
  .strict();
export type PersonalRequestInput = z.input<typeof personalRequestSchema>;

/** The version of the waiting list the approver was shown: a decision covers exactly that list. */
const round = z
  .number({ error: "Reload the page: the list you decided on is missing." })
  .int({ error: "Reload the page: the list you decided on is missing." })
  .min(0, { error: "Reload the page: the list you decided on is missing." })
  .max(1_000_000, { error: "Reload the page: the list you decided on is missing." });

export const approvalDecisionSchema = z.discriminatedUnion("decision", [
  z.object({ requestId, decision: z.literal("approve"), round }).strict(),
  z
    .object({
      requestId,
      decision: z.literal("reject"),
      round,
      note: z
        .string({ error: "Say what should change." })
        .trim()
        .min(3, { error: "Say what should change." })
        .max(1000, { error: "Keep the note under 1,000 characters." })
        .refine((note) => noControlCharacters(note.replace(/[\t\r\n]/g, "")), noControlCharactersError),
    })
    .strict(),
]);
