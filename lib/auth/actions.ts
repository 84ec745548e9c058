"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { env } from "@/lib/env";
import { notFound } from "@/lib/errors";
import { formAction, publicAction, viewerAction } from "./action";
import { countSignInRequest, EMAIL_PROVIDER_ID, limitsCounted, signIn, signOut } from "./config";
import { signInSchema, switchOrganisationSchema } from "./schemas";
import { ORGANISATION_COOKIE } from "./session";

export const requestSignInLink = publicAction(signInSchema, async ({ email, callbackUrl }) => {
  // Limits per address and per IP; the same for known and unknown addresses.
  await countSignInRequest(email);
  // Same answer whether or not the address belongs to anyone (see sendVerificationRequest).
  await limitsCounted.run(true, () => signIn(EMAIL_PROVIDER_ID, { email, redirect: false, redirectTo: callbackUrl }));
  return { sent: true };
});

export const signOutAction = formAction(async () => {
  // Database sessions: this deletes the session row, so the cookie is dead everywhere.
  await signOut({ redirectTo: "/sign-in" });
});

export const switchOrganisation = viewerAction(switchOrganisationSchema, async ({ organisationId }, viewer) => {
  if (!viewer.organisations.some((o) => o.id === organisationId)) throw notFound("That organisation");
  (await cookies()).set(ORGANISATION_COOKIE, organisationId, { httpOnly: true, sameSite: "lax", path: "/", secure: env().production });
  redirect("/");
});
