import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { buildQuestionnaire, getFramework, itemKeys, MAX_CUSTOM_ITEMS } from "@/lib/framework";

describe("framework v1", () => {
  const f = getFramework("v1");

  it("has eight differences, each with a leadership and a management pole and one item per pole", () => {
    expect(f.dimensions).toHaveLength(8);
    expect(f.items).toHaveLength(16);
    for (const d of f.dimensions) {
      expect(d.poles.leadership.label).not.toEqual("");
      expect(d.poles.management.label).not.toEqual("");
      expect(
        f.items
          .filter((i) => i.dimensionKey === d.key)
          .map((i) => i.pole)
          .sort(),
      ).toEqual(["leadership", "management"]);
      expect(d.growthTips.length).toBeGreaterThanOrEqual(2);
    }
    expect(new Set(f.items.map((i) => i.key)).size).toBe(16);
  });

  it("has a 5-point frequency scale with a word on every point, plus 'not observed'", () => {
    expect(f.scale.map((s) => s.value)).toEqual([1, 2, 3, 4, 5]);
    expect(f.scale.every((s) => s.label.length > 0)).toBe(true);
    expect(f.notObservedLabel).toBe("Not observed");
  });

  it("never changes once shipped: launched cycles rely on v1's exact wording", () => {
    const fingerprint = createHash("sha256").update(JSON.stringify(f)).digest("hex");
    // Changing v1 breaks this on purpose: add a v2 instead, and keep v1 for cycles launched with it.
    expect(fingerprint).toMatchInlineSnapshot(`"e4bf8e4ecb1550e6ab51315cf067fe2afa4f8f5e5d0abce6d53ae317a473c482"`);
  });

  it("freezes a questionnaire that does not share objects with the framework", () => {
    const q = buildQuestionnaire(["Acts on our values"]);
    expect(q.customItems).toEqual([{ key: "custom.1", text: "Acts on our values" }]);
    expect(itemKeys(q)).toHaveLength(17);
    q.dimensions[0]!.title = "changed";
    expect(getFramework("v1").dimensions[0]!.title).toBe("Culture and processes");
    expect(() => buildQuestionnaire(Array.from({ length: MAX_CUSTOM_ITEMS + 1 }, () => "x"))).toThrow(/at most 6/);
    expect(() => getFramework("v0")).toThrow(/Unknown framework version/);
  });
});
