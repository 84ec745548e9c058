import { z } from "zod";
import { MAX_CUSTOM_ITEMS } from "@/lib/framework";
import { MAX_GROUP_LIMITS, MAX_THRESHOLD, MIN_THRESHOLD, NOMINATED_GROUPS, type NominatedGroup } from "@/lib/report/groups";
import { noControlCharacters, noControlCharactersError } from "@/lib/text/control";

/** The cycle form (HR): one schema for the browser and the server action. */
const threshold = z
  .number({ error: `Enter a number from ${MIN_THRESHOLD} to ${MAX_THRESHOLD}.` })
  .int({ error: "Enter a whole number." })
  .min(MIN_THRESHOLD, { error: `The anonymity threshold must be at least ${MIN_THRESHOLD}.` })
  .max(MAX_THRESHOLD, { error: `The anonymity threshold can be at most ${MAX_THRESHOLD}.` });

const limit = (max: number) =>
  z
    .number({ error: "Enter a number." })
    .int({ error: "Enter a whole number." })
    .min(0, { error: "Enter 0 or more." })
    .max(max, { error: `At most ${max}.` });

export const cycleFormSchema = z
  .object({
    name: z
      .string()
      .trim()
      .min(3, { error: "Give the cycle a name of at least 3 characters." })
      .max(120, { error: "Keep the name under 120 characters." })
      .refine(noControlCharacters, noControlCharactersError),
    opensOn: z.iso.date({ error: "Choose the date the cycle opens." }),
    closesOn: z.iso.date({ error: "Choose the date the cycle closes." }),
    threshold,
    commentThreshold: threshold,
    requiresApproval: z.boolean(),
    limits: z
      .object(
        Object.fromEntries(NOMINATED_GROUPS.map((g) => [g, limit(MAX_GROUP_LIMITS[g])])) as Record<
          NominatedGroup,
          ReturnType<typeof limit>
        >,
      )
      .strict(),
    scopeMode: z.enum(["managers", "teams"]),
    teamIds: z.array(z.uuid()).max(200),
    customItems: z
      .array(
        z
          .string()
          .trim()
          .min(3, { error: "Write at least 3 characters, or remove the item." })
          .max(200, { error: "Keep each item under 200 characters." })
          .refine(noControlCharacters, noControlCharactersError),
      )
      .max(MAX_CUSTOM_ITEMS, { error: `At most ${MAX_CUSTOM_ITEMS} items of your own.` }),
    shareWithLineManager: z.boolean(),
    shareWithHr: z.boolean(),
    /** Days after a report's release before its subject may ask for a follow-up pulse (issue 22). */
    pulseAfterDays: z
      .number({ error: "Enter a number of days from 14 to 365." })
      .int({ error: "Enter a whole number of days." })
      .min(14, { error: "At least 14 days: change takes time to show." })
      .max(365, { error: "At most 365 days." }),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.closesOn <= v.opensOn)
      ctx.addIssue({ code: "custom", path: ["closesOn"], message: "The close date must be after the open date." });
    if (v.commentThreshold < v.threshold) {
      ctx.addIssue({
        code: "custom",
        path: ["commentThreshold"],
        message: "Comments need at least as many responses as scores (the threshold above).",
      });
    }
    if (v.scopeMode === "teams" && v.teamIds.length === 0)
      ctx.addIssue({ code: "custom", path: ["teamIds"], message: "Choose at least one team." });
  });
export type CycleFormInput = z.input<typeof cycleFormSchema>;
export type CycleForm = z.output<typeof cycleFormSchema>;

export const saveCycleSchema = z.object({ cycleId: z.uuid().optional(), form: cycleFormSchema }).strict();
export const cycleRefSchema = z.object({ cycleId: z.uuid() }).strict();
export const releaseOneSchema = z.object({ cycleId: z.uuid(), requestId: z.uuid() }).strict();

/** HR's new close date for a running cycle (the server also checks it is later than the current one). */
export const extendCycleSchema = z.object({ cycleId: z.uuid(), closesOn: z.iso.date({ error: "Choose the new close date." }) }).strict();
export type ExtendCycleInput = z.input<typeof extendCycleSchema>;
