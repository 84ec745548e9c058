"use server";

import { revalidatePath } from "next/cache";
import { hrAction } from "@/lib/auth/action";
import { getSignedInVia } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { checkDomainDns } from "./domains";
import { checkSsoDomainSchema, removeSsoSchema, ssoSettingsSchema, testSsoConnectionSchema } from "./schemas";
import { removeSsoSettings, saveSsoSettings } from "./settings";
import { testSsoConnection } from "./test-connection";

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

/** Reads the issuer's discovery document and reports each check; changes nothing. */
export const testSsoConnectionAction = hrAction(testSsoConnectionSchema, async ({ issuer }) => testSsoConnection(issuer));

/** Looks up one of the organisation's domains' TXT record; verified when it holds this organisation's value. */
export const checkSsoDomainAction = hrAction(checkSsoDomainSchema, async ({ domain }, viewer) => {
  const { verifiedAt } = await checkDomainDns(await getDb(), viewer, domain);
  revalidatePath("/settings/sign-in");
  return { verifiedAt: verifiedAt.toISOString() };
});
