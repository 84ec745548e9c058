"use server";

import { revalidatePath } from "next/cache";
import { hrAction } from "@/lib/auth/action";
import { getDb } from "@/lib/db";
import { createScimTokenSchema, revokeScimTokenSchema } from "./schemas";
import { createScimToken, revokeScimToken } from "./tokens";

/** The token is in this one answer and nowhere else: only its hash is stored. */
export const createScimTokenAction = hrAction(createScimTokenSchema, async ({ label }, viewer) => {
  const { token } = await createScimToken(await getDb(), viewer, label);
  revalidatePath("/people/provisioning");
  return { token };
});

export const revokeScimTokenAction = hrAction(revokeScimTokenSchema, async ({ tokenId }, viewer) => {
  await revokeScimToken(await getDb(), viewer, tokenId);
  revalidatePath("/people/provisioning");
  return null;
});
