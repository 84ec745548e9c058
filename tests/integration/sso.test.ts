import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { hashedSessionAdapter } from "@/lib/auth/adapter";
import { loadSsoConnections, SSO_PROVIDER_ID, ssoSignInVerdict, type SsoConnection } from "@/lib/auth/sso";
import { getDb } from "@/lib/db";
import * as t from "@/lib/db/schema";
import { parseEnv } from "@/lib/env";
import { createOrganisation, createPerson } from "@/tests/fixtures/factories";

/**
 * Issue 23: who a sign-in with the installation's identity provider lets in, decided against the
 * real directory, and what attaching a provider's account keeps.
 */
const config: SsoConnection = {
  providerId: SSO_PROVIDER_ID,
  name: "your company account",
  issuer: "https://login.example.com",
  clientId: "twofold",
  clientSecret: "secret",
  allowedDomains: ["example.test"],
  organisationId: null,
};
const account = (sub: string) => ({ provider: SSO_PROVIDER_ID, providerAccountId: sub });
const verified = (email: string) => ({ email, email_verified: true });

describe("single sign-on: who gets in", () => {
  it("lets in a verified address that a directory holds, in any case", async () => {
    const db = await getDb();
    const org = await createOrganisation(db, "Sso Ltd");
    const person = await createPerson(db, org.id, { name: "Sia Sso" });
    expect(await ssoSignInVerdict(db, config, verified(person.email.toUpperCase()), account(`sub-${person.id}`))).toBe(true);
  });

  it("gives one answer for an unknown address, a deactivated person and an account without an organisation", async () => {
    const db = await getDb();
    const org = await createOrganisation(db, "Sso Refused Ltd");
    const gone = await createPerson(db, org.id, { name: "Gil Gone" });
    await db.update(t.people).set({ active: false }).where(eq(t.people.id, gone.id));
    const [lone] = await db.insert(t.users).values({ email: `lone.${crypto.randomUUID()}@example.test` }).returning();
    for (const email of [`nobody.${crypto.randomUUID()}@example.test`, gone.email, lone!.email]) {
      expect(await ssoSignInVerdict(db, config, verified(email), account(`sub-${email}`))).toBe("refused");
    }
  });

  it("decides on the claims before the directory: unverified and foreign domains never reach it", async () => {
    const db = await getDb();
    const org = await createOrganisation(db, "Sso Claims Ltd");
    const person = await createPerson(db, org.id, { name: "Cai Claims" });
    expect(await ssoSignInVerdict(db, config, { email: person.email, email_verified: false }, account("a"))).toBe("unverified");
    expect(await ssoSignInVerdict(db, config, { email: person.email }, account("a"))).toBe("unverified");
    const foreign = await createPerson(db, org.id, { name: "Fay Foreign", email: `fay.${crypto.randomUUID()}@elsewhere.example` });
    expect(await ssoSignInVerdict(db, config, verified(foreign.email), account("b"))).toBe("refused");
  });

  it("refuses an attached account whose provider now gives it someone else's address", async () => {
    const db = await getDb();
    const org = await createOrganisation(db, "Sso Moved Ltd");
    const first = await createPerson(db, org.id, { name: "Fen First" });
    const second = await createPerson(db, org.id, { name: "Sol Second" });
    const sub = `sub-${first.id}`;
    await db.insert(t.accounts).values({ userId: first.user.id, type: "oidc", ...account(sub) });
    expect(await ssoSignInVerdict(db, config, verified(first.email), account(sub))).toBe(true);
    // Auth.js would sign in the attached user (first); the address names second: nobody.
    expect(await ssoSignInVerdict(db, config, verified(second.email), account(sub))).toBe("refused");
  });

  it("is off without a provider configured", async () => {
    const db = await getDb();
    expect(await ssoSignInVerdict(db, undefined, verified("a@example.test"), account("a"))).toBe("provider");
    expect((await loadSsoConnections(db, parseEnv({}))).filter((c) => c.organisationId === null)).toEqual([]);
  });
});

describe("single sign-on: attaching an account", () => {
  it("keeps who the account is, never its tokens", async () => {
    const db = await getDb();
    const org = await createOrganisation(db, "Sso Tokens Ltd");
    const person = await createPerson(db, org.id, { name: "Tod Tokens" });
    await hashedSessionAdapter(db).linkAccount!({
      userId: person.user.id,
      type: "oidc",
      provider: SSO_PROVIDER_ID,
      providerAccountId: `sub-${person.id}`,
      access_token: "access-token-value",
      refresh_token: "refresh-token-value",
      id_token: "id.token.value",
      token_type: "bearer",
      expires_at: 1,
      scope: "openid email profile",
    });
    const [row] = await db.select().from(t.accounts).where(eq(t.accounts.userId, person.user.id));
    expect(row).toMatchObject({ provider: SSO_PROVIDER_ID, providerAccountId: `sub-${person.id}`, type: "oidc" });
    expect([row!.access_token, row!.refresh_token, row!.id_token, row!.scope, row!.expires_at]).toEqual([null, null, null, null, null]);
  });
});
