"use server";

import { revalidatePath } from "next/cache";
import { viewerAction } from "@/lib/auth/action";
import { assertHr } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db";
import { closeCycleAsHr, launchCycle, releaseAllAsHr, releaseOneAsHr, remindAll, saveDraftCycle } from "./admin";
import { cycleRefSchema, releaseOneSchema, saveCycleSchema } from "./schemas";

const refresh = (cycleId: string) => revalidatePath(`/cycles/${cycleId}`);

export const saveCycleAction = viewerAction(saveCycleSchema, async ({ cycleId, form }, viewer) => {
  assertHr(viewer);
  const id = await saveDraftCycle(await getDb(), viewer, form, cycleId);
  refresh(id);
  return { cycleId: id };
});

export const launchCycleAction = viewerAction(cycleRefSchema, async ({ cycleId }, viewer) => {
  assertHr(viewer);
  const outcome = await launchCycle(await getDb(), viewer, cycleId);
  refresh(cycleId);
  return outcome;
});

export const remindAllAction = viewerAction(cycleRefSchema, async ({ cycleId }, viewer) => {
  assertHr(viewer);
  return remindAll(await getDb(), viewer, cycleId);
});

export const closeCycleAction = viewerAction(cycleRefSchema, async ({ cycleId }, viewer) => {
  assertHr(viewer);
  const outcome = await closeCycleAsHr(await getDb(), viewer, cycleId);
  refresh(cycleId);
  return { outcome };
});

export const releaseAllAction = viewerAction(cycleRefSchema, async ({ cycleId }, viewer) => {
  assertHr(viewer);
  const released = await releaseAllAsHr(await getDb(), viewer, cycleId);
  refresh(cycleId);
  return { released };
});

export const releaseOneAction = viewerAction(releaseOneSchema, async ({ cycleId, requestId }, viewer) => {
  assertHr(viewer);
  const outcome = await releaseOneAsHr(await getDb(), viewer, cycleId, requestId);
  refresh(cycleId);
  return { outcome };
});
