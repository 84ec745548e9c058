"use server";

import { revalidatePath } from "next/cache";
import { hrAction } from "@/lib/auth/action";
import { getDb } from "@/lib/db";
import { closeCycleAsHr, extendCycle, launchCycle, releaseAllAsHr, releaseOneAsHr, remindAll, saveDraftCycle } from "./admin";
import { cycleRefSchema, extendCycleSchema, releaseOneSchema, saveCycleSchema } from "./schemas";

const refresh = (cycleId: string) => revalidatePath(`/cycles/${cycleId}`);

export const saveCycleAction = hrAction(saveCycleSchema, async ({ cycleId, form }, viewer) => {
  const id = await saveDraftCycle(await getDb(), viewer, form, cycleId);
  refresh(id);
  return { cycleId: id };
});

export const launchCycleAction = hrAction(cycleRefSchema, async ({ cycleId }, viewer) => {
  const outcome = await launchCycle(await getDb(), viewer, cycleId);
  refresh(cycleId);
  return outcome;
});

export const remindAllAction = hrAction(cycleRefSchema, async ({ cycleId }, viewer) => {
  return remindAll(await getDb(), viewer, cycleId);
});

export const closeCycleAction = hrAction(cycleRefSchema, async ({ cycleId }, viewer) => {
  const outcome = await closeCycleAsHr(await getDb(), viewer, cycleId);
  refresh(cycleId);
  return { outcome };
});

export const releaseAllAction = hrAction(cycleRefSchema, async ({ cycleId }, viewer) => {
  const released = await releaseAllAsHr(await getDb(), viewer, cycleId);
  refresh(cycleId);
  return { released };
});

export const releaseOneAction = hrAction(releaseOneSchema, async ({ cycleId, requestId }, viewer) => {
  const outcome = await releaseOneAsHr(await getDb(), viewer, cycleId, requestId);
  refresh(cycleId);
  return { outcome };
});

export const extendCycleAction = hrAction(extendCycleSchema, async ({ cycleId, closesOn }, viewer) => {
  const { closesAt } = await extendCycle(await getDb(), viewer, cycleId, closesOn);
  refresh(cycleId);
  return { closesAt: closesAt.toISOString() };
});
