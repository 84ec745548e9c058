"use server";

import { revalidatePath } from "next/cache";
import { viewerAction } from "@/lib/auth/action";
import { assertHr } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db";
import { addPerson, editPerson, setPersonActive, setPersonRoles } from "./admin";
import { applyImport, previewImport } from "./import";
import { erasePerson } from "./privacy";
import { addPersonSchema, editPersonSchema, importSchema, personActiveSchema, personRolesSchema } from "./schemas";

export const previewImportAction = viewerAction(importSchema, async ({ csv }, viewer) => {
  assertHr(viewer);
  return previewImport(await getDb(), viewer.organisation.id, csv);
});

export const applyImportAction = viewerAction(importSchema, async ({ csv }, viewer) => {
  assertHr(viewer);
  const counts = await applyImport(await getDb(), viewer, csv);
  revalidatePath("/people");
  return counts;
});

export const addPersonAction = viewerAction(addPersonSchema, async (input, viewer) => {
  assertHr(viewer);
  const personId = await addPerson(await getDb(), viewer, input);
  revalidatePath("/people");
  return { personId };
});

export const editPersonAction = viewerAction(editPersonSchema, async (input, viewer) => {
  assertHr(viewer);
  await editPerson(await getDb(), viewer, input);
  revalidatePath(`/people/${input.personId}`);
  return null;
});

export const setPersonActiveAction = viewerAction(personActiveSchema, async ({ personId, active }, viewer) => {
  assertHr(viewer);
  await setPersonActive(await getDb(), viewer, personId, active);
  revalidatePath(`/people/${personId}`);
  return null;
});

export const setPersonRolesAction = viewerAction(personRolesSchema, async ({ personId, hr, manager }, viewer) => {
  assertHr(viewer);
  await setPersonRoles(await getDb(), viewer, personId, { hr, manager });
  revalidatePath(`/people/${personId}`);
  return null;
});

export const erasePersonAction = viewerAction(personActiveSchema.pick({ personId: true }), async ({ personId }, viewer) => {
  assertHr(viewer);
  await erasePerson(await getDb(), viewer, personId);
  revalidatePath("/people");
  return null;
});
