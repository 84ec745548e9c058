import { z } from "zod";
import { addDaysIso, todayIso } from "@/lib/dates";
import { MAX_PULSE_DAYS } from "./rules";

/** Starting a pulse of a released report (the report's own request id) that closes on a chosen day. */
export const startPulseSchema = z
  .object({
    requestId: z.uuid(),
    closesOn: z.iso
      .date({ error: "Choose a close date." })
      .refine((d) => d > todayIso(), { error: "Choose a date after today." })
      .refine((d) => d <= addDaysIso(todayIso(), MAX_PULSE_DAYS), { error: `Choose a date within ${MAX_PULSE_DAYS} days.` }),
  })
  .strict();
export type StartPulseInput = z.input<typeof startPulseSchema>;
