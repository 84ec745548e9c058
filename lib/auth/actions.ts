"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { env } from "@/lib/env";
import { getDb } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { formAction, publicAction, publicFormAction, viewerAction } from "./action";
import { countSignInRequest, EMAIL_PROVIDER_ID, limitsCounted, signIn, signOut } from "./config";
import { signInSchema, ssoSignInSchema, switchOrganisationSchema } from "./schemas";
import { keepingSsoFailure, SSO_PROVIDER_ID, ssoForDomain, ssoProblemUrl } from "./sso";
import { classifySsoFailure, emailDomain, isDomainAllowed } from "./sso-rules";
import { ORGANISATION_COOKIE } from "./session";

export const requestSignInLink = publicAction(signInSchema, async ({ email, callbackUrl }) => {
  // An organisation that signs its people in with its own provider only: said for the domain,
  // the same for every address in it (known or not).
  const domain = emailDomain(email);
  const sso = domain ? await ssoForDomain(await getDb(), domain) : null;
  if (sso && !sso.emailLinks) {
    throw new AppError("invalid_input", "Please use your company account.", {
      email: [`Addresses at ${domain} sign in with their company account: press “Continue with your company account”.`],
    });
  }
  // Limits per address and per IP; the same for known and unknown addresses.
  await countSignInRequest(email);
  // Same answer whether or not the address belongs to anyone (see sendVerificationRequest).
  await limitsCounted.run(true, () => signIn(EMAIL_PROVIDER_ID, { email, redirect: false, redirectTo: callbackUrl }));
  return { sent: true };
});

/**
 * Auth.js reads the provider's discovery document before it sends the browser there: a provider
 * that cannot be reached, or that names another issuer, fails here, and ends on the problem page
 * like a failed return from it.
 */
async function toProvider(providerId: string, callbackUrl: string, loginHint?: string): Promise<never> {
  const { result: url, error } = await keepingSsoFailure(
    () =>
      signIn(
        providerId,
        { redirectTo: callbackUrl, redirect: false },
        loginHint ? { login_hint: loginHint } : undefined,
      ) as Promise<string>,
  );
  // Auth.js answers a failure with its error page's address (and has logged the error).
  if (error !== undefined || typeof url !== "string" || new URL(url, "http://x").searchParams.has("error")) {
    redirect(ssoProblemUrl(classifySsoFailure(error)));
  }
  redirect(url);
}

/** Off to the identity provider; Auth.js sets the state, PKCE and nonce cookies on the way. */
export const signInWithSso = publicFormAction(ssoSignInSchema, async ({ callbackUrl }) => {
  if (!env().oidc) redirect("/sign-in");
  await toProvider(SSO_PROVIDER_ID, callbackUrl);
});

/**
 * The company account for an address: the identity provider of the organisation that holds its
 * domain, or the installation's when it covers the domain. Decided by the domain alone, so the
 * answer is the same for every address in it.
 */
export const continueWithCompanyAccount = publicAction(signInSchema, async ({ email, callbackUrl }) => {
  const domain = emailDomain(email);
  const sso = domain ? await ssoForDomain(await getDb(), domain) : null;
  const installation = env().oidc;
  const providerId = sso?.providerId ?? (installation && isDomainAllowed(email, installation.allowedDomains) ? SSO_PROVIDER_ID : null);
  if (!providerId) {
    throw new AppError("invalid_input", "No company sign-in for that address.", {
      email: [`No company sign-in is set up for addresses at ${domain}. Use an e-mail link instead.`],
    });
  }
  await toProvider(providerId, callbackUrl, email);
  return { redirected: true };
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
