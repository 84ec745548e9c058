import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkClaims, classifySsoFailure, emailDomain, isDomainAllowed, isEmailVerified } from "@/lib/auth/sso-rules";

const allowed = ["brightwater.example", "example.co.uk"];

describe("which claims sign someone in", () => {
  it("takes a verified address in an allowed domain, as the directory stores it", () => {
    expect(checkClaims({ email: " Priya.Shah@Brightwater.Example ", email_verified: true }, allowed)).toEqual({
      ok: true,
      email: "priya.shah@brightwater.example",
    });
    // A few providers send the flag as a string; Entra ID sends xms_edov instead.
    expect(checkClaims({ email: "a@example.co.uk", email_verified: "true" }, allowed).ok).toBe(true);
    expect(checkClaims({ email: "a@example.co.uk", xms_edov: true }, allowed).ok).toBe(true);
  });

  it("refuses an address the provider has not verified, or says nothing about", () => {
    for (const claims of [
      { email: "a@brightwater.example", email_verified: false },
      { email: "a@brightwater.example" },
      { email: "a@brightwater.example", email_verified: "false" },
      { email: "a@brightwater.example", email_verified: 1 },
      { email: "a@brightwater.example", xms_edov: false },
    ]) {
      expect(checkClaims(claims, allowed)).toEqual({ ok: false, problem: "unverified" });
    }
  });

  it("refuses other domains, subdomains and look-alikes with the same answer", () => {
    for (const email of ["a@elsewhere.example", "a@mail.brightwater.example", "a@brightwater.example.evil", "a@xbrightwater.example"]) {
      expect(checkClaims({ email, email_verified: true }, allowed)).toEqual({ ok: false, problem: "refused" });
    }
    expect(checkClaims({ email_verified: true }, allowed)).toEqual({ ok: false, problem: "refused" });
    expect(checkClaims({ email: "not an address", email_verified: true }, allowed)).toEqual({ ok: false, problem: "refused" });
    expect(checkClaims({ email: "a@b@brightwater.example", email_verified: true }, allowed)).toEqual({ ok: false, problem: "refused" });
  });

  it("never lets in an address outside the allowed domains, whatever the claims (property)", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.emailAddress(),
          // Mostly near the allowed domains: their case, subdomains, look-alikes.
          fc
            .tuple(
              fc.stringMatching(/^[a-z0-9.]{1,12}$/),
              fc.constantFrom(
                "Brightwater.example",
                "brightwater.example",
                "mail.brightwater.example",
                "brightwater.example.uk",
                "example.co.uk",
                "co.uk",
              ),
            )
            .map(([local, domain]) => `${local}@${domain}`),
        ),
        fc.constantFrom(true, "true", false, "false", undefined),
        (email, verified) => {
          const verdict = checkClaims({ email, email_verified: verified }, allowed);
          if (verdict.ok) {
            expect(isEmailVerified({ email_verified: verified })).toBe(true);
            expect(allowed).toContain(emailDomain(verdict.email));
          } else {
            expect(allowed.includes(emailDomain(email.toLowerCase()) ?? "") && isEmailVerified({ email_verified: verified })).toBe(false);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("compares domains exactly, ignoring case", () => {
    expect(isDomainAllowed("a@BrightWater.example", allowed)).toBe(true);
    expect(isDomainAllowed("brightwater.example", allowed)).toBe(false);
    expect(emailDomain("@brightwater.example")).toBeNull();
    expect(emailDomain("a@")).toBeNull();
  });
});

describe("what a failed sign-in was", () => {
  // Shaped as Auth.js throws them: its own errors, and oauth4webapi's under cause.err.
  const authJs = (type: string, cause?: unknown) => Object.assign(new Error(type), { type, cause });
  const oauth = (message: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(message), extra);

  it("a missing or mismatched check cookie, or a used code, is an expired sign-in", () => {
    expect(classifySsoFailure(authJs("InvalidCheck"))).toBe("expired");
    const replay = oauth("server responded with an error in the response body", {
      error: "invalid_grant",
      code: "OAUTH_RESPONSE_BODY_ERROR",
    });
    expect(classifySsoFailure(authJs("CallbackRouteError", { err: replay }))).toBe("expired");
  });

  it("an answer naming another issuer is a wrong issuer", () => {
    for (const message of [
      'unexpected "iss" (issuer) response parameter value',
      'unexpected JWT "iss" (issuer) claim value',
      '"response" body "issuer" property does not match the expected value',
    ]) {
      expect(classifySsoFailure(authJs("CallbackRouteError", { err: oauth(message) }))).toBe("issuer");
    }
  });

  it("anything else is the provider's problem", () => {
    expect(classifySsoFailure(authJs("OAuthCallbackError", { error: "access_denied" }))).toBe("provider");
    expect(classifySsoFailure(authJs("CallbackRouteError", { err: oauth("fetch failed") }))).toBe("provider");
    expect(classifySsoFailure(undefined)).toBe("provider");
  });
});
