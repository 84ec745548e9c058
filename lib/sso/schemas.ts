import { z } from "zod";

/** An e-mail domain as HR types it: lower-case, no "@", no wildcard. */
const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

const issuer = z
  .string()
  .trim()
  .min(1, { error: "Enter the issuer URL from your identity provider." })
  .max(500)
  .pipe(z.url({ error: "Enter the issuer as a full URL, such as https://login.example.com/realms/staff." }));

/** The single sign-on settings form; used by react-hook-form in the browser and by the action. */
export const ssoSettingsSchema = z
  .object({
    issuer,
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

/** "Test connection": the issuer as typed in the settings form (saved or not). */
export const testSsoConnectionSchema = z.object({ issuer }).strict();
export type TestSsoConnectionInput = z.input<typeof testSsoConnectionSchema>;

/** "Check DNS" for one of the organisation's domains. */
export const checkSsoDomainSchema = z
  .object({
    domain: z
      .string({ error: "Name the domain to check, such as example.com." })
      .trim()
      .toLowerCase()
      .max(253, { error: "That is not a domain: a domain such as example.com is at most 253 characters." })
      .refine((d) => DOMAIN.test(d), { error: "That is not a domain. Check a domain such as example.com." }),
  })
  .strict();
