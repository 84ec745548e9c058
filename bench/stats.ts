/**
 * Pure helpers of the benchmark (unit-tested in tests/unit/bench-stats.test.ts): percentiles,
 * a seeded random generator, and the survey cookie, which must match lib/auth/survey-session.ts.
 */
import { createHmac } from "node:crypto";

export type Rng = () => number;

/** Small, fast, seeded: the same organisation every run. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Nearest-rank percentile of an unsorted sample (p in 0..100); NaN for an empty one. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export function summarise(latencies: number[]) {
  return { p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99) };
}

/**
 * The survey session cookie the app sets after a rater opens their link: `expires.tokenId.hmac`,
 * HMAC-SHA256 over "survey:invitation:token:expires" with AUTH_SECRET. Reimplemented here (the
 * app's version reads the secret from its own env and sets the cookie through next/headers).
 */
export function surveyCookie(secret: string, invitationId: string, tokenId: string, expires: number): string {
  const signature = createHmac("sha256", secret).update(`survey:${invitationId}:${tokenId}:${expires}`).digest("base64url");
  return `twofold-survey-${invitationId}=${expires}.${tokenId}.${signature}`;
}
