"use server";

import { revalidatePath } from "next/cache";
import { viewerAction } from "@/lib/auth/action";
import { getDb } from "@/lib/db";
import { loadPlanFor } from "./access";
import { addAction, removeAction, saveFocusNote, setActionStatus, setFocusAreas } from "./plans";
import {
  actionStatusSchema,
  addActionSchema,
  focusAreasSchema,
  focusNoteSchema,
  removeActionSchema,
  shareWithCoachSchema,
  shareWithManagerSchema,
  withdrawShareSchema,
} from "./schemas";
import { shareWithCoach, shareWithLineManager, withdrawShare } from "./sharing";

// Every action goes through loadPlanFor(…, "edit"): only the subject changes their plan; anyone
// else gets the same not-found as for a plan that does not exist.

const planPath = (requestId: string) => `/reports/${requestId}/plan`;

export const setFocusAreasAction = viewerAction(focusAreasSchema, async ({ requestId, focus }, viewer) => {
  const db = await getDb();
  await setFocusAreas(db, await loadPlanFor(viewer, requestId, "edit", db), viewer, focus);
  revalidatePath(planPath(requestId));
  return null;
});

export const saveFocusNoteAction = viewerAction(focusNoteSchema, async ({ requestId, focusAreaId, note }, viewer) => {
  const db = await getDb();
  await saveFocusNote(db, await loadPlanFor(viewer, requestId, "edit", db), viewer, focusAreaId, note);
  revalidatePath(planPath(requestId));
  return null;
});

export const addPlanActionAction = viewerAction(addActionSchema, async ({ requestId, ...input }, viewer) => {
  const db = await getDb();
  const actionId = await addAction(db, await loadPlanFor(viewer, requestId, "edit", db), viewer, input);
  revalidatePath(planPath(requestId));
  return { actionId };
});

export const setPlanActionStatusAction = viewerAction(actionStatusSchema, async ({ requestId, actionId, status }, viewer) => {
  const db = await getDb();
  await setActionStatus(db, await loadPlanFor(viewer, requestId, "edit", db), viewer, actionId, status);
  revalidatePath(planPath(requestId));
  return null;
});

export const removePlanActionAction = viewerAction(removeActionSchema, async ({ requestId, actionId }, viewer) => {
  const db = await getDb();
  await removeAction(db, await loadPlanFor(viewer, requestId, "edit", db), viewer, actionId);
  revalidatePath(planPath(requestId));
  return null;
});

export const shareWithManagerAction = viewerAction(shareWithManagerSchema, async ({ requestId }, viewer) => {
  const db = await getDb();
  await shareWithLineManager(db, await loadPlanFor(viewer, requestId, "edit", db), viewer);
  revalidatePath(planPath(requestId));
  return null;
});

export const shareWithCoachAction = viewerAction(shareWithCoachSchema, async ({ requestId, coachName, coachEmail }, viewer) => {
  const db = await getDb();
  await shareWithCoach(db, await loadPlanFor(viewer, requestId, "edit", db), viewer, { coachName, coachEmail });
  revalidatePath(planPath(requestId));
  return null;
});

export const withdrawShareAction = viewerAction(withdrawShareSchema, async ({ requestId, shareId }, viewer) => {
  const db = await getDb();
  await withdrawShare(db, await loadPlanFor(viewer, requestId, "edit", db), viewer, shareId);
  revalidatePath(planPath(requestId));
  return null;
});
