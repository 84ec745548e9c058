"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { env } from "@/lib/env";
import { notFound } from "@/lib/errors";
import { formAction, publicAction, publicFormAction, viewerAction } from "./action";
import { countSignInRequest, EMAIL_PROVIDER_ID, limitsCounted, signIn, signOut } from "./config";
import { signInSchema, ssoSignInSchema, switchOrganisationSchema } from "./schemas";
import { SSO_PROVIDER_ID } from "./sso";
import { ORGANISATION_COOKIE } from "./session";

export const requestSignInLink = publicAction(signInSchema, async ({ email, callbackUrl }) => {
  // Limits per address and per IP; the same for known and unknown addresses.
  await countSignInRequest(email);
  // Same answer whether or not the address belongs to anyone (see sendVerificationRequest).
  await limitsCounted.run(true, () => signIn(EMAIL_PROVIDER_ID, { email, redirect: false, redirectTo: callbackUrl }));
  return { sent: true };
});

/** Off to the identity provider; Auth.js sets the state, PKCE and nonce cookies on the way. */
export const signInWithSso = publicFormAction(ssoSignInSchema, async ({ callbackUrl }) => {
  if (!env().oidc) throw notFound("Single sign-on");
  await signIn(SSO_PROVIDER_ID, { redirectTo: callbackUrl });
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
