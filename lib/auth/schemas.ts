import { z } from "zod";

/** An e-mail address as people type it: trimmed and lower-cased before it is checked. */
export const emailAddress = z
  .string({ error: "Enter an e-mail address." })
  .trim()
  .toLowerCase()
  .min(1, { error: "Enter an e-mail address." })
  .max(254, { error: "That e-mail address is too long." })
  .pipe(z.email({ error: "Enter an e-mail address such as name@example.com." }));

/** The sign-in form; used by react-hook-form in the browser and by the server action. */
export const signInSchema = z.object({ email: emailAddress }).strict();
export type SignInInput = z.input<typeof signInSchema>;

export const switchOrganisationSchema = z.object({ organisationId: z.uuid() }).strict();
