/**
 * Single sign-on's rules that need no database: which claims of an identity provider Twofold
 * accepts as an e-mail address, and what went wrong when a sign-in failed. Pure, so that the
 * decisions are tested directly (tests/unit/sso-rules.test.ts).
 */

/** Why a sign-in with an identity provider ended on the problem page instead of the app. */
export type SsoProblem = "refused" | "unverified" | "expired" | "issuer" | "provider";

export const SSO_PROBLEMS: readonly SsoProblem[] = ["refused", "unverified", "expired", "issuer", "provider"];

export function isSsoProblem(value: unknown): value is SsoProblem {
  return typeof value === "string" && (SSO_PROBLEMS as readonly string[]).includes(value);
}

/** The domain of an address, lower-case; null for anything that is not one address. */
export function emailDomain(email: string): string | null {
  const at = email.lastIndexOf("@");
  if (at < 1 || at !== email.indexOf("@") || at === email.length - 1) return null;
  return email.slice(at + 1).toLowerCase();
}

/**
 * Exactly one of the listed domains: a subdomain is another domain (whoever runs
 * mail.example.com need not be whoever runs example.com), and so is a look-alike.
 */
export function isDomainAllowed(email: string, allowedDomains: readonly string[]): boolean {
  const domain = emailDomain(email);
  return domain !== null && allowedDomains.some((d) => d.toLowerCase() === domain);
}

/**
 * The provider confirmed that the account holds this address. OpenID Connect says so with
 * `email_verified` (a few providers send it as the string "true"); Microsoft Entra ID sends
 * no email_verified but `xms_edov`, true when the tenant has verified the address's domain.
 * Anything else, including a missing claim, is not verified: an address an account merely
 * typed in must never open someone else's directory entry.
 */
export function isEmailVerified(claims: Record<string, unknown>): boolean {
  const verified = claims.email_verified ?? claims.xms_edov;
  return verified === true || verified === "true";
}

export type ClaimsVerdict = { ok: true; email: string } | { ok: false; problem: "refused" | "unverified" };

/**
 * Whether the claims name a verified address in an allowed domain, before any directory lookup
 * (so this verdict never depends on whether the address is someone's). The address is
 * compared as the directory stores it: trimmed and lower-case.
 */
export function checkClaims(claims: Record<string, unknown>, allowedDomains: readonly string[]): ClaimsVerdict {
  const raw = claims.email;
  if (typeof raw !== "string" || raw.trim() === "") return { ok: false, problem: "refused" };
  const email = raw.trim().toLowerCase();
  if (emailDomain(email) === null) return { ok: false, problem: "refused" };
  if (!isEmailVerified(claims)) return { ok: false, problem: "unverified" };
  if (!isDomainAllowed(email, allowedDomains)) return { ok: false, problem: "refused" };
  return { ok: true, email };
}

interface ErrorLike {
  name?: unknown;
  type?: unknown;
  code?: unknown;
  error?: unknown;
  message?: unknown;
  cause?: unknown;
}

/** The error and everything it was caused by (Auth.js wraps oauth4webapi's errors, sometimes twice). */
function chain(error: unknown): ErrorLike[] {
  const out: ErrorLike[] = [];
  let current: unknown = error;
  while (current && typeof current === "object" && out.length < 8) {
    const e = current as ErrorLike;
    out.push(e);
    // Auth.js puts the original error under cause.err.
    const cause = e.cause as { err?: unknown } | undefined;
    current = cause && typeof cause === "object" && "err" in cause ? cause.err : e.cause;
  }
  return out;
}

/**
 * What a failed sign-in with a provider was, from the error Auth.js logged:
 * - `expired`: the browser came back without its state, PKCE or nonce cookie (they last 15
 *   minutes), with values that do not match, or with a code the provider no longer honours
 *   (used once already: a replay);
 * - `issuer`: the provider answered as another issuer than the one configured (its discovery
 *   document, the `iss` of the response or of the ID token);
 * - `provider`: anything else the provider said or did (it refused, it was unreachable).
 */
export function classifySsoFailure(error: unknown): SsoProblem {
  const errors = chain(error);
  if (errors.some((e) => e.type === "InvalidCheck" || e.name === "InvalidCheck")) return "expired";
  if (errors.some((e) => typeof e.message === "string" && /\bissuer\b/.test(e.message))) return "issuer";
  if (errors.some((e) => e.error === "invalid_grant")) return "expired";
  return "provider";
}
