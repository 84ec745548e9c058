import { describe, expect, it } from "vitest";
import { closingText, plural } from "@/lib/format";

describe("copy helpers (issue 21 item 12)", () => {
  it("counts through en-GB plural rules", () => {
    expect(plural(1, "chosen team")).toBe("1 chosen team");
    expect(plural(0, "chosen team")).toBe("0 chosen teams");
    expect(plural(2, "feedback request")).toBe("2 feedback requests");
    expect(plural(3, "person", "people")).toBe("3 people");
  });

  it("says closes for a date ahead, closed after it, and closed early for a request released before its cycle's date", () => {
    const now = new Date("2026-12-02T12:00:00Z");
    expect(closingText("2026-12-15T23:59:00Z", false, now)).toBe("closes 15 December 2026");
    expect(closingText("2026-12-15T23:59:00Z", true, now)).toBe("closed early; the cycle closes 15 December 2026");
    expect(closingText("2026-06-30T23:59:00Z", true, now)).toBe("closed 1 July 2026");
    expect(closingText("2026-06-30T22:59:00Z", false, now)).toBe("closed 30 June 2026");
  });
});
