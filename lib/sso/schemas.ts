import { z } from "zod";

/** An e-mail domain as HR types it: lower-case, no "@", no wildcard. */
const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** The single sign-on settings form; used by react-hook-form in the browser and by the action. */
export const ssoSettingsSchema = z
  .object({
    issuer: z
      .string()
      .trim()
      .min(1, { error: "Enter the issuer URL from your identity provider." })
      .max(500)
      .pipe(z.url({ error: "Enter the issuer as a full URL, such as https://login.example.com/realms/staff." })),
    clientId: z.string().trim().min(1, { error: "Enter the client ID (application ID)." }).max(255),
    // Blank keeps the secret already saved; it is never shown again once saved.
    clientSecret: z.string().max(2000, { error: "That secret is too long." }),
    domains: z
      .string()
      .trim()
      .min(1, { error: "Enter at least one e-mail domain, such as example.com." })
      .transform((v) => [
        ...new Set(
          v
            .split(/[\s,]+/)
            .filter(Boolean)
            .map((d) => d.toLowerCase().replace(/^@/, "")),
        ),
      ])
      .refine((list) => list.every((d) => DOMAIN.test(d)), { error: "Enter e-mail domains such as example.com, separated by commas." })
      .refine((list) => list.length >= 1, { error: "Enter at least one e-mail domain, such as example.com." })
      .refine((list) => list.length <= 20, { error: "Enter at most 20 domains." }),
    emailLinks: z.boolean(),
  })
  .strict();
export type SsoSettingsInput = z.input<typeof ssoSettingsSchema>;
export type SsoSettings = z.output<typeof ssoSettingsSchema>;

export const removeSsoSchema = z.object({}).strict();
