import { describe, expect, it } from "vitest";
import { SURVEY_SESSION_SECONDS, surveySessionNeedsRenewal } from "@/lib/auth/survey-session";

describe("survey session renewal", () => {
  const now = Date.UTC(2026, 10, 30, 12, 0, 0);
  const hour = 3600_000;

  it("leaves a session alone in the first half of its life, so autosaves set no cookie", () => {
    expect(surveySessionNeedsRenewal({ tokenId: "t", expiresAt: now + SURVEY_SESSION_SECONDS * 1000 }, now)).toBe(false);
    expect(surveySessionNeedsRenewal({ tokenId: "t", expiresAt: now + hour + 1 }, now)).toBe(false);
  });

  it("renews a session past half its life, so an active rater is never cut off", () => {
    expect(surveySessionNeedsRenewal({ tokenId: "t", expiresAt: now + hour - 1 }, now)).toBe(true);
    expect(surveySessionNeedsRenewal({ tokenId: "t", expiresAt: now + 60_000 }, now)).toBe(true);
  });
});
