import { describe, expect, it } from "vitest";
import { addDaysIso, endOfDay, todayIso } from "@/lib/dates";

describe("dates in the app's time zone (Europe/London)", () => {
  it("ends a day at 23:59 London time, in winter and in summer", () => {
    expect(endOfDay("2026-12-13").toISOString()).toBe("2026-12-13T23:59:00.000Z");
    expect(endOfDay("2026-07-01").toISOString()).toBe("2026-07-01T22:59:00.000Z");
  });
  it("adds days across month ends", () => {
    expect(addDaysIso("2026-11-29", 3)).toBe("2026-12-02");
  });
  it("knows today's date in London even just after midnight UTC in summer", () => {
    expect(todayIso(new Date("2026-07-01T23:30:00Z"))).toBe("2026-07-02");
  });
});
