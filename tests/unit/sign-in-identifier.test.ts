import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { emailAddress, signInIdentifier } from "@/lib/auth/schemas";

describe("signInIdentifier (Auth.js's own endpoint)", () => {
  it("takes what the sign-in form takes, as the form writes it", () => {
    expect(signInIdentifier("  Sam.Okafor@Example.test ")).toBe("sam.okafor@example.test");
  });

  it("throws on anything the form refuses, before Auth.js reads the database", () => {
    for (const bad of [
      "a\u0000b@example.test",
      "",
      "not an address",
      `${"x".repeat(300)}@example.test`,
      "a@b.test,c@d.test",
      42,
      null,
      undefined,
    ])
      expect(() => signInIdentifier(bad), JSON.stringify(bad)).toThrow(/did not hold an e-mail address/);
  });

  it("agrees with the form's schema on any string", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.emailAddress(),
          fc.emailAddress().map((e) => `${e}\u0000`),
        ),
        (raw) => {
          const form = emailAddress.safeParse(raw);
          if (form.success) expect(signInIdentifier(raw)).toBe(form.data);
          else expect(() => signInIdentifier(raw)).toThrow();
        },
      ),
    );
  });
});
