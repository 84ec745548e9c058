import { AsyncLocalStorage } from "node:async_hooks";
import { and, eq, or, isNull } from "drizzle-orm";
import type { Provider } from "next-auth/providers";
import type { Executor } from "@/lib/db";
import { accounts, memberships, people, users } from "@/lib/db/schema";
import type { Env } from "@/lib/env";
import { checkClaims, classifySsoFailure, type SsoProblem } from "./sso-rules";

/**
 * Single sign-on with the installation's OpenID Connect provider (OIDC_* in lib/env.ts). The
 * provider proves who someone is; Twofold still decides who may come in, exactly as for e-mail
 * links: a person whose verified address, in an allowed domain, is in a directory.
 */

export const SSO_PROVIDER_ID = "sso";

/** Where every failed sign-in with a provider ends: one page, one sentence per kind of failure. */
export const SSO_PROBLEM_PATH = "/sign-in/problem";

export function ssoProblemUrl(problem: SsoProblem): string {
  return `${SSO_PROBLEM_PATH}?problem=${problem}`;
}

/** What the sign-in page offers besides e-mail links: the provider's button, or nothing. */
export function ssoOffer(config: Env): { name: string } | null {
  return config.oidc ? { name: config.oidc.name } : null;
}

export function ssoProviders(config: Env): Provider[] {
  const oidc = config.oidc;
  if (!oidc) return [];
  return [
    {
      id: SSO_PROVIDER_ID,
      name: oidc.name,
      type: "oidc",
      issuer: oidc.issuer,
      clientId: oidc.clientId,
      clientSecret: oidc.clientSecret,
      // All three: PKCE binds the code to this browser, state the response to this request, the
      // nonce the ID token to this sign-in (a token replayed from another sign-in fails).
      checks: ["pkce", "state", "nonce"],
      authorization: { params: { scope: "openid email profile" } },
      /*
       * People exist before their first sign-in (HR adds them), so the first sign-in with the
       * provider must attach its account to the user who has that address, which Auth.js only
       * does with this switch. It is safe here because the signIn callback lets the attachment
       * happen only for an address the provider has verified, in an allowed domain, that a
       * directory holds (lib/auth/sso.ts, ssoSignInVerdict); never for a bare e-mail claim.
       */
      allowDangerousEmailAccountLinking: true,
      profile(claims) {
        return {
          id: String(claims.sub),
          name: typeof claims.name === "string" ? claims.name : null,
          email: typeof claims.email === "string" ? claims.email.trim().toLowerCase() : null,
          image: null,
        };
      },
    },
  ];
}

/**
 * Whether a sign-in with the provider may go on: true, or the problem page to send the browser
 * to. Decided in this order, so the answer never says whether an address is in a directory:
 * the claims (verified, allowed domain), then the directory. "refused" is the one answer for an
 * unknown address, a deactivated person and a person of no organisation alike.
 *
 * An account already attached (a returning user) must still carry the address of the user it is
 * attached to: if the provider now gives that account another address, the attachment is stale
 * (the address moved to someone else) and nobody is signed in on it.
 */
export async function ssoSignInVerdict(
  db: Executor,
  config: Env,
  claims: Record<string, unknown>,
  account: { provider: string; providerAccountId: string },
): Promise<true | SsoProblem> {
  if (!config.oidc) return "provider";
  const verdict = checkClaims(claims, config.oidc.allowedDomains);
  if (!verdict.ok) return verdict.problem;
  const [known] = await db
    .select({ id: users.id })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    // An entry deactivated in that organisation closes it (ADR 6); no entry at all (HR without
    // a directory entry) still counts.
    .leftJoin(people, and(eq(people.userId, users.id), eq(people.organisationId, memberships.organisationId)))
    .where(and(eq(users.email, verdict.email), or(isNull(people.id), eq(people.active, true))))
    .limit(1);
  if (!known) return "refused";
  const [attached] = await db
    .select({ userId: accounts.userId })
    .from(accounts)
    .where(and(eq(accounts.provider, account.provider), eq(accounts.providerAccountId, account.providerAccountId)))
    .limit(1);
  if (attached && attached.userId !== known.id) return "refused";
  return true;
}

/**
 * Auth.js answers a failed callback with a redirect to the sign-in page and `error=Configuration`
 * for most failures, whatever they were, and logs the error. The route runs Auth.js inside this
 * store so that the logger can keep the error of this request, and the redirect can name the
 * kind of failure on the problem page instead (never the error itself).
 */
const failures = new AsyncLocalStorage<{ error?: unknown }>();

export function keepSsoFailure(error: unknown): void {
  const store = failures.getStore();
  if (store && store.error === undefined) store.error = error;
}

export async function withSsoProblems<R extends Request>(request: R, handler: (request: R) => Promise<Response>): Promise<Response> {
  const path = new URL(request.url).pathname;
  const isSso = path.endsWith(`/callback/${SSO_PROVIDER_ID}`) || path.endsWith(`/signin/${SSO_PROVIDER_ID}`);
  if (!isSso) return handler(request);
  const store: { error?: unknown } = {};
  const response = await failures.run(store, () => handler(request));
  const location = response.headers.get("location");
  if (store.error === undefined || !location) return response;
  const target = new URL(location, request.url);
  if (!target.searchParams.has("error")) return response;
  const headers = new Headers(response.headers);
  headers.set("location", new URL(ssoProblemUrl(classifySsoFailure(store.error)), target.origin).toString());
  return new Response(null, { status: response.status, headers });
}
