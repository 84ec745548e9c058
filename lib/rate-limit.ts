import { createHmac } from "node:crypto";
import { headers } from "next/headers";
import { lt, sql } from "drizzle-orm";
import { getDb, type Executor } from "@/lib/db";
import { rateLimits } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { PEER_HEADER } from "@/lib/rate-limit-header";

/**
 * Rate limits kept in the database, so they hold across app replicas. A fixed window per key;
 * keys are HMACs, so the table holds no e-mail or IP address.
 */

export interface Limit {
  name: string;
  max: number;
  windowSeconds: number;
}

export const LIMITS = {
  signInPerAddress: { name: "sign-in:address", max: 5, windowSeconds: 15 * 60 },
  signInPerIp: { name: "sign-in:ip", max: 30, windowSeconds: 15 * 60 }, // max overridden by SIGN_IN_LIMIT_PER_IP
  surveyLinkPerLink: { name: "survey-link:link", max: 60, windowSeconds: 60 * 60 },
  surveyLinkPerIp: { name: "survey-link:ip", max: 300, windowSeconds: 60 * 60 },
  // A signed-in rater asking for a fresh link to one invitation (per user and invitation).
  surveyLinkByMail: { name: "survey-link:mail", max: 3, windowSeconds: 60 * 60 },
} satisfies Record<string, Limit>;

/** The row a limit keeps for a value (an HMAC: the table never holds the value itself). */
export function keyOf(limit: Limit, value: string): string {
  return `${limit.name}:${createHmac("sha256", env().authSecret).update(value.toLowerCase()).digest("base64url")}`;
}

/** Count one attempt; true while the key is within its limit. */
export async function hit(db: Executor, limit: Limit, value: string, now = new Date()): Promise<boolean> {
  const windowStart = new Date(now.getTime() - limit.windowSeconds * 1000);
  const [row] = await db
    .insert(rateLimits)
    .values({ key: keyOf(limit, value), windowStart: now, count: 1 })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        count: sql`case when ${rateLimits.windowStart} <= ${windowStart.toISOString()}::timestamptz then 1 else ${rateLimits.count} + 1 end`,
        windowStart: sql`case when ${rateLimits.windowStart} <= ${windowStart.toISOString()}::timestamptz then ${now.toISOString()}::timestamptz else ${rateLimits.windowStart} end`,
      },
    })
    .returning({ count: rateLimits.count });
  return (row?.count ?? 0) <= limit.max;
}

/** Raise a plain "too many attempts" error when any of the limits is exceeded. */
export async function enforce(checks: [Limit, string][], message: string): Promise<void> {
  const db = await getDb();
  for (const [limit, value] of checks) {
    const configured = limit.name === LIMITS.signInPerIp.name ? { ...limit, max: env().signInLimitPerIp } : limit;
    if (!(await hit(db, configured, value))) throw new AppError("rate_limited", message);
  }
}

/** Set by instrumentation on every request from the socket itself (any value a client sends is replaced). */
export { PEER_HEADER };

/**
 * The client's address from the connection and `X-Forwarded-For`, trusting exactly
 * `trustedProxies` hops: the chain is the header's entries followed by the peer (the connection's
 * address); each trusted proxy is one hop from the right, so the client is the rightmost hop that
 * no trusted proxy added. Everything further left is the client's to choose and never read.
 */
export function clientAddress(forwardedFor: string | null, peer: string | null, trustedProxies: number): string {
  const chain = [
    ...(forwardedFor ?? "")
      .split(",")
      .map((h) => h.trim())
      .filter(Boolean),
    ...(peer ? [peer] : []),
  ];
  if (chain.length === 0) return "unknown";
  return chain[Math.max(0, chain.length - 1 - trustedProxies)]!;
}

/** The caller's IP address (TRUSTED_PROXIES says how many reverse proxies to look through). */
export async function clientIp(): Promise<string> {
  const h = await headers();
  const peer = h.get(PEER_HEADER);
  // Without the peer (a server not started through instrumentation), Next's own x-forwarded-for
  // holds the socket's address only when the client sent none: with no proxy trusted, nothing
  // the client wrote is read, so everyone unidentified shares one key.
  if (!peer && env().trustedProxies === 0) return "unknown";
  return clientAddress(h.get("x-forwarded-for"), peer, env().trustedProxies);
}

/** For the job runner: forget windows that ended more than a day ago. */
export async function pruneRateLimits(db: Executor, now = new Date()): Promise<number> {
  const old = await db
    .delete(rateLimits)
    .where(lt(rateLimits.windowStart, new Date(now.getTime() - 24 * 3600_000)))
    .returning({ key: rateLimits.key });
  return old.length;
}
