import { describe, expect, it } from "vitest";
import { callbackPath, signInPathFor } from "@/lib/auth/redirect";
import { signInSchema } from "@/lib/auth/schemas";

/** Issue 21, item 9: a destination survives sign-in, and only one on this site. */
describe("callbackPath", () => {
  it("keeps a path on this site, with its query", () => {
    expect(callbackPath("/reports/0b6f6c1e-8f7e-4c1a-9d55-8d6e8b0a6f11")).toBe("/reports/0b6f6c1e-8f7e-4c1a-9d55-8d6e8b0a6f11");
    expect(callbackPath("/requests/x?tab=raters")).toBe("/requests/x?tab=raters");
  });

  it("refuses another site however it is written, and anything unreadable", () => {
    for (const hostile of [
      "//evil.example",
      "//evil.example/reports/1",
      "https://evil.example",
      "https://evil.example/reports/1",
      "/\\evil.example",
      "\\\\evil.example",
      "javascript:alert(1)",
      "/%E0%A4%A",
      "/reports\u0000",
      "",
      undefined,
      42,
      `/${"a".repeat(3000)}`,
    ]) {
      expect(callbackPath(hostile), String(hostile)).toBe("/");
    }
  });

  it("never leads back to signing in, the API, or a link that carries a token", () => {
    for (const loop of ["/sign-in", "/sign-in/confirm?token=1", "/api/auth/signout", "/s/abc", "/survey/123", "/link/x"]) {
      expect(callbackPath(loop), loop).toBe("/");
    }
  });

  it("the sign-in page's address names the destination only when there is one to keep", () => {
    expect(signInPathFor("/reports/abc")).toBe("/sign-in?callbackUrl=%2Freports%2Fabc");
    expect(signInPathFor("/")).toBe("/sign-in");
    expect(signInPathFor(null)).toBe("/sign-in");
    expect(signInPathFor("//evil.example")).toBe("/sign-in");
  });

  it("the sign-in form's schema turns a hostile callbackUrl into home, not an error", () => {
    expect(signInSchema.parse({ email: "a@b.test", callbackUrl: "https://evil.example" }).callbackUrl).toBe("/");
    expect(signInSchema.parse({ email: "a@b.test", callbackUrl: "/reports/1" }).callbackUrl).toBe("/reports/1");
    expect(signInSchema.parse({ email: "a@b.test" }).callbackUrl).toBe("/");
  });
});
