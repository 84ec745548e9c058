import { describe, expect, it } from "vitest";
import { hasUnderThresholdGroup, previewAnonymity } from "@/lib/report/preview";

describe("anonymity preview at nomination", () => {
  it("says a group under the threshold would be hidden, in plain words", () => {
    const preview = previewAnonymity({ manager: 1, peer: 2, direct_report: 3 }, 3);
    expect(preview.find((p) => p.group === "peer")).toMatchObject({
      status: "hidden",
      missing: 1,
      message: "Peers: 2 nominated, at least 3 needed: their answers would be hidden. Add a peer, or pool peers with others.",
    });
    expect(preview.find((p) => p.group === "direct_report")?.status).toBe("shown");
    expect(preview.find((p) => p.group === "manager")?.status).toBe("attributed");
    expect(hasUnderThresholdGroup(preview)).toBe(true);
  });

  it("predicts pooling when small anonymous groups together reach the threshold", () => {
    const preview = previewAnonymity({ peer: 2, other: 2 }, 3);
    expect(preview.map((p) => p.status)).toEqual(["pooled", "pooled"]);
  });

  it("treats several managers as an anonymous group", () => {
    expect(previewAnonymity({ manager: 2 }, 3)[0]!.status).toBe("hidden");
    expect(previewAnonymity({ manager: 3 }, 3)[0]!.status).toBe("shown");
  });

  it("is happy when every anonymous group reaches k", () => {
    const preview = previewAnonymity({ manager: 1, peer: 5, direct_report: 5, other: 5 }, 5);
    expect(hasUnderThresholdGroup(preview)).toBe(false);
  });
});
