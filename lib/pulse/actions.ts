"use server";

import { revalidatePath } from "next/cache";
import { requestAction } from "@/lib/auth/action";
import { getDb } from "@/lib/db";
import { startPulseSchema } from "./schemas";
import { startPulse } from "./start";

/** Thin wrapper: the original report's request, loaded once; only its subject may start its pulse (startPulse). */
export const startPulseAction = requestAction("view", startPulseSchema, async ({ requestId, closesOn }, ctx, viewer) => {
  const outcome = await startPulse(await getDb(), ctx, viewer, closesOn);
  revalidatePath(`/reports/${requestId}/pulse`);
  return outcome;
});
