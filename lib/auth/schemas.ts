import { z } from "zod";
import { callbackPath } from "./redirect";

/** An e-mail address as people type it: trimmed and lower-cased before it is checked. */
export const emailAddress = z
  .string({ error: "Enter an e-mail address." })
  .trim()
  .toLowerCase()
  .min(1, { error: "Enter an e-mail address." })
  .max(254, { error: "That e-mail address is too long." })
  .pipe(z.email({ error: "Enter an e-mail address such as name@example.com." }));

/**
 * The address Auth.js's own endpoint (POST /api/auth/signin/email) works with: the same rule as
 * the sign-in form, which that endpoint skips. Throwing stops Auth.js before it reads the
 * database: an address with a NUL byte used to reach PostgreSQL and fail there (adversary,
 * issue 20). Auth.js answers a throw with its error redirect, the same for every bad address.
 */
export function signInIdentifier(identifier: unknown): string {
  const parsed = emailAddress.safeParse(identifier);
  if (!parsed.success) throw new Error("The sign-in request did not hold an e-mail address.");
  return parsed.data;
}

/** The sign-in form; used by react-hook-form in the browser and by the server action. */
export const signInSchema = z
  .object({
    email: emailAddress,
    // Where the visitor was going (a hidden field): a path on this site, or home; never an error.
    callbackUrl: z.unknown().optional().transform(callbackPath),
  })
  .strict();
export type SignInInput = z.input<typeof signInSchema>;

export const switchOrganisationSchema = z.object({ organisationId: z.uuid() }).strict();

/** The "Sign in with your company account" button: only where to come back to. */
export const ssoSignInSchema = z.object({ callbackUrl: z.unknown().optional().transform(callbackPath) }).strict();
