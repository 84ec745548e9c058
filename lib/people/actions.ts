"use server";

import { revalidatePath } from "next/cache";
import { hrAction } from "@/lib/auth/action";
import { getDb } from "@/lib/db";
import { addPerson, editPerson, setPersonActive, setPersonRoles } from "./admin";
import { applyImport, previewImport } from "./import";
import { erasePerson } from "./privacy";
import { addPersonSchema, editPersonSchema, importSchema, personActiveSchema, personRolesSchema } from "./schemas";

export const previewImportAction = hrAction(importSchema, async ({ csv }, viewer) => {
  return previewImport(await getDb(), viewer, csv);
});

export const applyImportAction = hrAction(importSchema, async ({ csv }, viewer) => {
  const counts = await applyImport(await getDb(), viewer, csv);
  revalidatePath("/people");
  return counts;
});

export const addPersonAction = hrAction(addPersonSchema, async (input, viewer) => {
  const personId = await addPerson(await getDb(), viewer, input);
  revalidatePath("/people");
  return { personId };
});

export const editPersonAction = hrAction(editPersonSchema, async (input, viewer) => {
  await editPerson(await getDb(), viewer, input);
  revalidatePath(`/people/${input.personId}`);
  return null;
});

export const setPersonActiveAction = hrAction(personActiveSchema, async ({ personId, active }, viewer) => {
  await setPersonActive(await getDb(), viewer, personId, active);
  revalidatePath(`/people/${personId}`);
  return null;
});

export const setPersonRolesAction = hrAction(personRolesSchema, async ({ personId, hr, manager }, viewer) => {
  await setPersonRoles(await getDb(), viewer, personId, { hr, manager });
  revalidatePath(`/people/${personId}`);
  return null;
});

export const erasePersonAction = hrAction(personActiveSchema.pick({ personId: true }), async ({ personId }, viewer) => {
  await erasePerson(await getDb(), viewer, personId);
  revalidatePath("/people");
  return null;
});
