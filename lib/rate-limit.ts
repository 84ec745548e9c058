import { createHmac } from "node:crypto";
import { headers } from "next/headers";
import { lt, sql } from "drizzle-orm";
import { getDb, type Executor } from "@/lib/db";
import { rateLimits } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

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
} satisfies Record<string, Limit>;

function keyOf(limit: Limit, value: string): string {
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

/** The caller's IP address as the reverse proxy (or Next's own server) reports it. */
export async function clientIp(): Promise<string> {
  const h = await headers();
  return h.get("x-forwarded-for")?.split(",")[0]?.trim() || h.get("x-real-ip") || "unknown";
}

/** For the job runner: forget windows that ended more than a day ago. */
export async function pruneRateLimits(db: Executor, now = new Date()): Promise<number> {
  const old = await db
    .delete(rateLimits)
    .where(lt(rateLimits.windowStart, new Date(now.getTime() - 24 * 3600_000)))
    .returning({ key: rateLimits.key });
  return old.length;
}
