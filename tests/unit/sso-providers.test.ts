import { describe, expect, it } from "vitest";
import { withInstallationProvidersOnly } from "@/lib/auth/sso";

/**
 * Issue 23: Auth.js's public `GET /api/auth/providers` listed every organisation's provider, named
 * after the organisation ("Acme Ltd's company account"): anyone could enumerate the companies on an
 * installation. The route answers with the installation's own providers only.
 */
const listing = {
  email: { id: "email", name: "E-mail", type: "email", signinUrl: "http://app/api/auth/signin/email" },
  sso: { id: "sso", name: "Brightwater account", type: "oidc", signinUrl: "http://app/api/auth/signin/sso" },
  "sso-2f1c6a52-0f57-4b8e-9a43-6e3b5f8d7c10": {
    id: "sso-2f1c6a52-0f57-4b8e-9a43-6e3b5f8d7c10",
    name: "Acme Ltd's company account",
    type: "oidc",
  },
};
const authJs = async () =>
  new Response(JSON.stringify(listing), {
    status: 200,
    headers: { "content-type": "application/json", "cache-control": "private, no-cache, no-store" },
  });

describe("the public list of providers", () => {
  it("names the installation's providers only, never an organisation's", async () => {
    const response = await withInstallationProvidersOnly(new Request("http://app/api/auth/providers"), authJs);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("private, no-cache, no-store");
    const body = await response.text();
    expect(Object.keys(JSON.parse(body))).toEqual(["email", "sso"]);
    expect(body).not.toContain("Acme");
  });

  it("leaves every other Auth.js answer as it was", async () => {
    const response = await withInstallationProvidersOnly(new Request("http://app/api/auth/csrf"), authJs);
    expect(Object.keys(await response.json())).toHaveLength(3);
  });
});
