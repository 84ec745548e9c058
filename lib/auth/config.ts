import { randomInt } from "node:crypto";
import NextAuth from "next-auth";
import type { NextAuthConfig } from "next-auth";
import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { memberships, users } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { deliverMail } from "@/lib/mail/transport";
import { hashedSessionAdapter } from "./adapter";
import { safeRedirect } from "./redirect";
import { SIGN_IN_DELIVERY_DELAY_MS, signInEmail } from "./sign-in-email";

export const SIGN_IN_LINK_MINUTES = 15;
export const EMAIL_PROVIDER_ID = "email";

/** Only people who belong to an organisation can sign in; nobody else is sent a link. */
async function canSignIn(email: string): Promise<boolean> {
  const db = await getDb();
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .where(eq(users.email, email))
    .limit(1);
  return rows.length > 0;
}

/**
 * The e-mail carries a link to a confirmation page, not to Auth.js's callback: a GET of the
 * e-mailed link (say, by a mail scanner) must never use up the one-time token.
 */
function confirmationUrl(callback: string): string {
  const source = new URL(callback);
  const target = new URL("/sign-in/confirm", source.origin);
  for (const key of ["token", "email", "callbackUrl"]) {
    const value = source.searchParams.get(key);
    if (value) target.searchParams.set(key, key === "callbackUrl" ? new URL(value, source.origin).pathname : value);
  }
  return target.toString();
}

export function sessionCookieName(production: boolean): string {
  // __Host- pins the cookie to this exact host, over HTTPS, for the whole site.
  return production ? "__Host-twofold.session" : "twofold.session";
}

/**
 * Built lazily (the function form of NextAuth) so that importing this module never opens the
 * database: Next loads route modules in more than one process, and PGlite allows one opener.
 */
async function buildConfig(): Promise<NextAuthConfig> {
  const config = env();
  const db = await getDb();
  return {
    adapter: hashedSessionAdapter(db),
    secret: config.authSecret,
    trustHost: true,
    useSecureCookies: config.production,
    session: { strategy: "database", maxAge: 30 * 24 * 60 * 60, updateAge: 24 * 60 * 60 },
    cookies: {
      sessionToken: {
        name: sessionCookieName(config.production),
        options: { httpOnly: true, sameSite: "lax", path: "/", secure: config.production },
      },
    },
    pages: { signIn: "/sign-in", verifyRequest: "/sign-in/check-email", error: "/sign-in" },
    providers: [
      {
        id: EMAIL_PROVIDER_ID,
        type: "email",
        name: "E-mail",
        maxAge: SIGN_IN_LINK_MINUTES * 60,
        async sendVerificationRequest({ identifier, url }) {
          // Known and unknown addresses get the same answer in the same time. The lookup and the
          // delivery happen later, at a random moment: delivering (SMTP, MIME) is work only a known
          // address causes, and done at once it would share the server with this response and the
          // page after it, a difference someone timing the answers could measure.
          setTimeout(
            () => {
              void canSignIn(identifier)
                .then((known) => (known ? deliverMail(signInEmail(identifier, confirmationUrl(url)), { serverLogFallback: true }) : null))
                .catch((error) => console.error("[auth] could not send a sign-in link:", error));
            },
            SIGN_IN_DELIVERY_DELAY_MS.min + randomInt(SIGN_IN_DELIVERY_DELAY_MS.max - SIGN_IN_DELIVERY_DELAY_MS.min),
          );
        },
      },
    ],
    callbacks: {
      async signIn({ user, email }) {
        if (email?.verificationRequest) return true; // decided in sendVerificationRequest
        return user.email ? canSignIn(user.email) : false;
      },
      // Only paths on this site, and a callbackUrl that cannot be read goes home (not a 500).
      redirect({ url, baseUrl }) {
        return safeRedirect(url, baseUrl);
      },
      session({ session, user }) {
        session.user.id = user.id;
        return session;
      },
    },
  };
}

// No auth() here: requests find their caller through lib/auth/session.ts, in one statement.
export const { handlers, signIn, signOut } = NextAuth(buildConfig);
