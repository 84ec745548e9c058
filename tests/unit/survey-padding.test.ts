import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { paddingFor } from "@/lib/surveys/padding";
import { submitInput } from "@/lib/surveys/schema";

const size = (payload: object) => new TextEncoder().encode(JSON.stringify({ ...payload, padding: paddingFor(payload) })).length;

describe("survey requests padded to a size bucket (a proxy's log must not show how much a rater wrote)", () => {
  it("gives short and long comments the same request size within a bucket", () => {
    const target = { kind: "rater", invitationId: crypto.randomUUID() };
    const sizes = ["", "Fine.", "x".repeat(2500), "é".repeat(1000)].map((develop) => size({ target, mode: "first", values: { develop } }));
    expect(new Set(sizes).size).toBe(1);
    fc.assert(
      fc.property(fc.string({ maxLength: 20_000 }), (text) => {
        const s = size({ target, values: { develop: text } });
        expect(s & (s - 1)).toBe(0); // a power of two
        expect(s).toBeGreaterThanOrEqual(4096);
      }),
      { numRuns: 200 },
    );
  });

  it("is accepted by the schema and stays spaces only", () => {
    const target = { kind: "rater", invitationId: crypto.randomUUID() };
    expect(submitInput.safeParse({ target, mode: "first", values: {}, padding: "   " }).success).toBe(true);
    expect(submitInput.safeParse({ target, mode: "first", values: {}, padding: "secret" }).success).toBe(false);
  });
});
