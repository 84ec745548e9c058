"use server";

import { revalidatePath } from "next/cache";
import { hrAction } from "@/lib/auth/action";
import { getSignedInVia } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { removeSsoSchema, ssoSettingsSchema } from "./schemas";
import { removeSsoSettings, saveSsoSettings } from "./settings";

export const saveSsoSettingsAction = hrAction(ssoSettingsSchema, async (input, viewer) => {
  await saveSsoSettings(await getDb(), viewer, input, await getSignedInVia());
  revalidatePath("/settings/sign-in");
  return null;
});

export const removeSsoSettingsAction = hrAction(removeSsoSchema, async (_input, viewer) => {
  await removeSsoSettings(await getDb(), viewer);
  revalidatePath("/settings/sign-in");
  return null;
});
