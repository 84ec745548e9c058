import { describe, expect, it } from "vitest";
import { openClientSecret, sealClientSecret } from "@/lib/auth/sso-secret";

const secret = "a".repeat(40);
const org = "7b6f0a52-4f4c-4c1e-9a51-6d1d1a0c0001";

describe("client secrets at rest", () => {
  it("opens what it sealed, and the sealed form does not contain the secret", () => {
    const sealed = sealClientSecret(secret, org, "client-secret-value");
    expect(sealed).not.toContain("client-secret-value");
    expect(sealed).not.toBe(sealClientSecret(secret, org, "client-secret-value"));
    expect(openClientSecret(secret, org, sealed)).toBe("client-secret-value");
  });

  it("does not open under another AUTH_SECRET, for another organisation, or tampered with", () => {
    const sealed = sealClientSecret(secret, org, "client-secret-value");
    expect(openClientSecret("b".repeat(40), org, sealed)).toBeNull();
    expect(openClientSecret(secret, "7b6f0a52-4f4c-4c1e-9a51-6d1d1a0c0002", sealed)).toBeNull();
    // One bit of the ciphertext changed (flipping a base64 character could leave it as it was).
    const raw = Buffer.from(sealed.slice(3), "base64url");
    raw[raw.length - 1]! ^= 1;
    const flipped = `v1:${raw.toString("base64url")}`;
    expect(flipped).not.toBe(sealed);
    expect(openClientSecret(secret, org, flipped)).toBeNull();
    expect(openClientSecret(secret, org, "client-secret-value")).toBeNull();
  });
});
