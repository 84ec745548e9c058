import { describe, expect, it } from "vitest";
import { recordFigure } from "../support/figures";
import { getDb } from "@/lib/db";
import * as t from "@/lib/db/schema";
import { hit, LIMITS, pruneRateLimits } from "@/lib/rate-limit";

describe("rate limits in the database", () => {
  it("allow up to the limit per key and window, then refuse, then allow again in the next window; keys hold no raw value", async () => {
    const db = await getDb();
    const now = new Date("2026-11-29T12:00:00Z");
    const ip = "203.0.113.9";
    for (let i = 0; i < LIMITS.signInPerIp.max; i++) expect(await hit(db, LIMITS.signInPerIp, ip, now)).toBe(true);
    expect(await hit(db, LIMITS.signInPerIp, ip, now)).toBe(false);
    expect(await hit(db, LIMITS.signInPerIp, "203.0.113.10", now)).toBe(true); // another address is unaffected
    const later = new Date(now.getTime() + (LIMITS.signInPerIp.windowSeconds + 1) * 1000);
    expect(await hit(db, LIMITS.signInPerIp, ip, later)).toBe(true);
    const rows = await db.select().from(t.rateLimits);
    expect(JSON.stringify(rows)).not.toContain(ip);
    expect(await pruneRateLimits(db, new Date(later.getTime() + 2 * 86400_000))).toBe(rows.length);
  });

  it("counts concurrent attempts exactly", async () => {
    const db = await getDb();
    const now = new Date();
    const results = await Promise.all(Array.from({ length: 12 }, () => hit(db, LIMITS.signInPerAddress, "someone@example.test", now)));
    expect(results.filter(Boolean)).toHaveLength(LIMITS.signInPerAddress.max);
    recordFigure("races: concurrent rate-limit hits", results.length);
  });
});
