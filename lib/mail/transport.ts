import type { Transporter } from "nodemailer";
import { env } from "@/lib/env";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface OutboxEntry extends MailMessage {
  id: number;
  at: Date;
}

export type DeliveredVia = "smtp" | "dev-outbox" | "server-log";

export class MailNotConfiguredError extends Error {
  constructor() {
    super("No mail server is configured (SMTP_URL), so this e-mail cannot be sent.");
    this.name = "MailNotConfiguredError";
  }
}

const state = globalThis as unknown as {
  __twofoldTransport?: { url: string; transporter: Transporter };
  __twofoldOutbox?: OutboxEntry[];
};

const OUTBOX_LIMIT = 200;

async function transporter(url: string): Promise<Transporter> {
  if (state.__twofoldTransport?.url !== url) {
    const nodemailer = await import("nodemailer");
    state.__twofoldTransport = {
      url,
      // Short timeouts: a dead mail server must turn into "not sent" quickly, not hang a request.
      transporter: nodemailer.createTransport(url, {
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 20_000,
      }),
    };
  }
  return state.__twofoldTransport.transporter;
}

/**
 * Send an e-mail over SMTP when SMTP_URL is set. Without it, development keeps the message in the
 * dev outbox (/dev/mail) and prints it; production refuses, unless the caller allows the server log
 * as the last resort (sign-in links: the operator can read the log, nobody else can).
 */
export async function deliverMail(message: MailMessage, options: { serverLogFallback?: boolean } = {}): Promise<DeliveredVia> {
  const config = env();
  if (config.smtpUrl) {
    const t = await transporter(config.smtpUrl);
    await t.sendMail({ from: config.mailFrom, ...message });
    return "smtp";
  }
  if (config.devOutbox) {
    const outbox = (state.__twofoldOutbox ??= []);
    const last = outbox[0]?.id ?? 0;
    outbox.unshift({ ...message, id: last + 1, at: new Date() });
    outbox.length = Math.min(outbox.length, OUTBOX_LIMIT);
    console.info(`[mail] to ${message.to}: ${message.subject}\n${message.text}\n(open /dev/mail to read it)`);
    return "dev-outbox";
  }
  if (options.serverLogFallback) {
    console.warn(
      `[mail] SMTP_URL is not set; this message goes to the server log only.\nTo: ${message.to}\nSubject: ${message.subject}\n${message.text}`,
    );
    return "server-log";
  }
  throw new MailNotConfiguredError();
}

/** The dev outbox, newest first. Empty (and never shown) in production. */
export function devOutbox(): OutboxEntry[] {
  return env().devOutbox ? [...(state.__twofoldOutbox ?? [])] : [];
}
