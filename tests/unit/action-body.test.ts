import { describe, expect, it } from "vitest";
import { isWellFormedActionBody } from "@/lib/http/action-body";

describe("server action bodies", () => {
  it("accepts what our forms send", () => {
    expect(
      isWellFormedActionBody(
        JSON.stringify([{ requestId: "x", note: "$$escaped dollar", when: "$D2026-11-29T00:00:00.000Z", gone: "$undefined" }]),
      ),
    ).toBe(true);
    expect(isWellFormedActionBody(JSON.stringify([{ n: "$n42" }, ["$Infinity", "$-0"]]))).toBe(true);
  });
  it("refuses references the framework could not resolve, and non-JSON", () => {
    expect(isWellFormedActionBody(JSON.stringify([{ csv: "$K1" }]))).toBe(false);
    expect(isWellFormedActionBody(JSON.stringify(["$@1"]))).toBe(false);
    expect(isWellFormedActionBody(JSON.stringify([{ n: "$nabc" }]))).toBe(false);
    expect(isWellFormedActionBody("{not json")).toBe(false);
  });
});
