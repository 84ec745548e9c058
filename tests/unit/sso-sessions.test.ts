import { describe, expect, it } from "vitest";
import { organisationProviderId, sessionViaFor } from "@/lib/auth/sso";
import { sessionReaches } from "@/lib/auth/viewer";

const home = "7b6f0a52-4f4c-4c1e-9a51-6d1d1a0c0001";
const other = "7b6f0a52-4f4c-4c1e-9a51-6d1d1a0c0002";

describe("how a session was signed in", () => {
  it("follows the callback's provider", () => {
    expect(sessionViaFor("/api/auth/callback/email")).toEqual({ via: "email", ssoOrganisationId: null });
    expect(sessionViaFor("/api/auth/callback/sso")).toEqual({ via: "installation", ssoOrganisationId: null });
    expect(sessionViaFor(`/api/auth/callback/${organisationProviderId(home)}`)).toEqual({ via: "organisation", ssoOrganisationId: home });
    // Anything else creates no provider's session: at most an e-mail link's, the narrowest reach but one.
    expect(sessionViaFor("/api/auth/callback/sso-not-an-id")).toEqual({ via: "email", ssoOrganisationId: null });
    expect(sessionViaFor(undefined)).toEqual({ via: "email", ssoOrganisationId: null });
  });
});

describe("which organisations a session reaches", () => {
  const open = { id: home, emailLinks: true };
  const closed = { id: home, emailLinks: false };
  it("an organisation's provider: that organisation only, links or not", () => {
    const s = { via: "organisation" as const, ssoOrganisationId: home };
    expect(sessionReaches(s, open)).toBe(true);
    expect(sessionReaches(s, closed)).toBe(true);
    expect(sessionReaches(s, { id: other, emailLinks: true })).toBe(false);
  });
  it("an e-mail link: organisations that take links", () => {
    const s = { via: "email" as const, ssoOrganisationId: null };
    expect(sessionReaches(s, open)).toBe(true);
    expect(sessionReaches(s, closed)).toBe(false);
  });
  it("the installation's provider: all of them", () => {
    const s = { via: "installation" as const, ssoOrganisationId: null };
    expect(sessionReaches(s, open)).toBe(true);
    expect(sessionReaches(s, closed)).toBe(true);
  });
});
