import { renderEmailHtml } from "@/lib/mail/html";
import type { MailMessage } from "@/lib/mail/transport";

/** When a sign-in link leaves, after the request that asked for it (see sendVerificationRequest in config.ts). */
export const SIGN_IN_DELIVERY_DELAY_MS = { min: 500, max: 2500 };

export function signInEmail(to: string, url: string): MailMessage {
  return {
    to,
    subject: "Your sign-in link for Twofold",
    text: [
      "Hello,",
      "",
      "Use this link to sign in to Twofold. It works once and expires in 15 minutes:",
      url,
      "",
      "If you did not ask to sign in, you can ignore this e-mail: nothing happens without the link.",
    ].join("\n"),
    html: renderEmailHtml({
      heading: "Sign in to Twofold",
      paragraphs: ["Use the button below to sign in. The link works once and expires in 15 minutes."],
      action: { label: "Sign in to Twofold", url },
      footer: "If you did not ask to sign in, you can ignore this e-mail: nothing happens without the link.",
    }),
  };
}
