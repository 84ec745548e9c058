import { AsyncLocalStorage } from "node:async_hooks";
import { randomInt } from "node:crypto";
import NextAuth from "next-auth";
import type { NextAuthConfig } from "next-auth";
import { getDb } from "@/lib/db";
import { sessions, verificationTokens } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { deliverMail } from "@/lib/mail/transport";
import { clientIp, enforce, LIMITS } from "@/lib/rate-limit";
import { hashToken } from "@/lib/tokens";
import { hashedSessionAdapter } from "./adapter";
import { sessionCookieName } from "./cookie-name";
import { canSignInByEmail } from "./email-sign-in";
import { callbackPath, safeRedirect } from "./redirect";
import { signInIdentifier } from "./schemas";
import { isSsoProviderId, keepSsoFailure, loadSsoConnections, sessionViaFor, ssoProblemUrl, ssoProviders, ssoSignInVerdict } from "./sso";
import { SIGN_IN_DELIVERY_DELAY_MS, signInEmail } from "./sign-in-email";

export const SIGN_IN_LINK_MINUTES = 15;
export const EMAIL_PROVIDER_ID = "email";

/** Who is sent a link, and whose link still signs in: see canSignInByEmail. */
async function canSignIn(email: string): Promise<boolean> {
  return canSignInByEmail(await getDb(), email);
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
    if (!value) continue;
    if (key !== "callbackUrl") target.searchParams.set(key, value);
    else {
      // Only a path on this site goes on; its query too (a report's tab, a filter).
      const back = new URL(value, source.origin);
      target.searchParams.set(key, callbackPath(back.origin === source.origin ? back.pathname + back.search : "/"));
    }
  }
  return target.toString();
}

/**
 * Sign-in requests whose limits were already counted (by requestSignInLink). Auth.js's own
 * `POST /api/auth/signin/email` reaches the same provider without that action: it is counted in
 * the signIn callback instead, against the same limits, so every path that sends a link is limited
 * exactly once (issue 19, finding 3).
 */
export const limitsCounted = new AsyncLocalStorage<true>();

export const SIGN_IN_LIMITED = "Too many sign-in requests. Please wait 15 minutes and try again.";
/**
 * At an address's limit the links already sent keep working (each for 15 minutes), so someone who
 * floods a victim's address has filled the victim's inbox with working links, not locked them out.
 * The same sentence for known and unknown addresses.
 */
export const SIGN_IN_LIMITED_ADDRESS =
  "Too many sign-in requests for this address. The links already sent still work for 15 minutes: use the latest one in your inbox.";

/**
 * Count one sign-in request: first per IP address (so a flood from one network stops before it
 * uses up anyone's per-address allowance), then per e-mail address. Throws when over either.
 */
export async function countSignInRequest(email: string): Promise<void> {
  await enforce([[LIMITS.signInPerIp, await clientIp()]], SIGN_IN_LIMITED);
  await enforce([[LIMITS.signInPerAddress, email]], SIGN_IN_LIMITED_ADDRESS);
}

/**
 * Sign-in tokens Auth.js asked to store, held until the delayed delivery decides: a known address
 * gets its (hashed) token stored and the e-mail sent; an unknown address leaves no row at all, so
 * no unauthenticated request grows verification_tokens. Entries live for the delivery delay only.
 */
const pendingTokens = new Map<string, { identifier: string; token: string; expires: Date }>();
const pendingKey = (identifier: string, expires: Date) => `${identifier}\n${expires.getTime()}`;

export { sessionCookieName };

/**
 * Built lazily (the function form of NextAuth) so that importing this module never opens the
 * database: Next loads route modules in more than one process, and PGlite allows one opener.
 */
async function buildConfig(request?: Request): Promise<NextAuthConfig> {
  const config = env();
  const db = await getDb();
  const connections = await loadSsoConnections(db, config);
  // A session is created only by a callback; its path says which provider signed it in.
  const signedInVia = sessionViaFor(request ? new URL(request.url).pathname : undefined);
  const adapter = hashedSessionAdapter(db);
  return {
    adapter: {
      ...adapter,
      async createSession(session) {
        await db.insert(sessions).values({ ...session, sessionToken: hashToken(session.sessionToken), ...signedInVia });
        return session;
      },
      async createVerificationToken(token) {
        pendingTokens.set(pendingKey(token.identifier, token.expires), token);
        return token;
      },
    },
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
        normalizeIdentifier: signInIdentifier,
        async sendVerificationRequest({ identifier, url, expires }) {
          // Known and unknown addresses get the same answer in the same time. The lookup and the
          // delivery happen later, at a random moment: delivering (SMTP, MIME) is work only a known
          // address causes, and done at once it would share the server with this response and the
          // page after it, a difference someone timing the answers could measure.
          setTimeout(
            () => {
              const key = pendingKey(identifier, expires);
              void canSignIn(identifier)
                .then(async (known) => {
                  const token = pendingTokens.get(key);
                  pendingTokens.delete(key);
                  if (!known || !token) return null;
                  await (await getDb()).insert(verificationTokens).values(token);
                  return deliverMail(signInEmail(identifier, confirmationUrl(url)), { serverLogFallback: true });
                })
                .catch((error) => console.error("[auth] could not send a sign-in link:", error));
            },
            SIGN_IN_DELIVERY_DELAY_MS.min + randomInt(SIGN_IN_DELIVERY_DELAY_MS.max - SIGN_IN_DELIVERY_DELAY_MS.min),
          );
        },
      },
      ...ssoProviders(connections),
    ],
    logger: {
      // Auth.js's own lines, and the failure of this request kept for its problem page (lib/auth/sso.ts).
      error(error) {
        keepSsoFailure(error);
        console.error(`[auth][error] ${error.name}: ${error.message}`, error.cause ?? "");
      },
    },
    callbacks: {
      async signIn({ user, email, account, profile }) {
        if (isSsoProviderId(account?.provider)) {
          const connection = connections.find((c) => c.providerId === account!.provider);
          const verdict = await ssoSignInVerdict(db, connection, profile ?? {}, account!);
          return verdict === true ? true : ssoProblemUrl(verdict);
        }
        if (email?.verificationRequest) {
          // Who gets a link is decided in sendVerificationRequest; how many, here or in the action.
          if (!limitsCounted.getStore()) {
            try {
              await countSignInRequest(user.email ?? "");
            } catch {
              return false;
            }
          }
          return true;
        }
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
