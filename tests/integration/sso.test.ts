import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashedSessionAdapter } from "@/lib/auth/adapter";
import { canSignInByEmail } from "@/lib/auth/email-sign-in";
import { loadSsoConnections, SSO_PROVIDER_ID, ssoForDomain, ssoSignInVerdict, type SsoConnection } from "@/lib/auth/sso";
import { asHr } from "@/lib/auth/permissions";
import { resolveIdentity } from "@/lib/auth/viewer";
import { getDb } from "@/lib/db";
import { getSsoSettings, saveSsoSettings } from "@/lib/sso/settings";
import { hashToken } from "@/lib/tokens";
import { viewerFor } from "@/tests/fixtures/viewer";
import * as t from "@/lib/db/schema";
import { env, parseEnv, resetEnvCache } from "@/lib/env";
import { checkDomainDns } from "@/lib/sso/domains";
import { testSsoConnection, type ConnectionReport } from "@/lib/sso/test-connection";
import type { HrViewer } from "@/lib/auth/permissions";
import { startDnsServer, type DnsTestServer } from "@/tests/support/dns-test-server";
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
/** A real DNS server on loopback that the app's resolver asks (DNS_SERVERS), for the domain proofs. */
let dns: DnsTestServer;
beforeAll(async () => {
  dns = await startDnsServer();
  process.env.DNS_SERVERS = dns.address;
  resetEnvCache();
});
afterAll(async () => {
  delete process.env.DNS_SERVERS;
  resetEnvCache();
  await dns.close();
});

/** HR publishes the record its settings page shows, and presses "Check DNS". */
async function proveByDns(db: Awaited<ReturnType<typeof getDb>>, viewer: HrViewer, domain: string) {
  const shown = (await getSsoSettings(viewer, db)).domains.find((d) => d.domain === domain)!;
  dns.setTxt(shown.record.name, [shown.record.value]);
  return checkDomainDns(db, viewer, domain);
}

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
    const [lone] = await db
      .insert(t.users)
      .values({ email: `lone.${crypto.randomUUID()}@example.test` })
      .returning();
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

describe("single sign-on per organisation", () => {
  const settings = (domains: string[], extra: Partial<{ clientSecret: string; emailLinks: boolean }> = {}) => ({
    issuer: "https://login.example.com/realms/staff",
    clientId: "twofold",
    clientSecret: "the-client-secret",
    domains,
    emailLinks: true,
    ...extra,
  });

  it("stores the secret sealed, audits the settings without it, and builds the organisation's provider", async () => {
    const db = await getDb();
    const org = await createOrganisation(db, "Sso Settings Ltd");
    const hr = await createPerson(db, org.id, { name: "Hana Settings", roles: ["hr"] });
    const viewer = asHr(await viewerFor(db, org.id, hr.user.id));
    const domain = `settings-${crypto.randomUUID().slice(0, 8)}.example`;
    await saveSsoSettings(db, viewer, settings([domain]));
    const [row] = await db.select().from(t.organisationSso).where(eq(t.organisationSso.organisationId, org.id));
    expect(row!.clientSecretSealed).not.toContain("the-client-secret");
    const audit = await db.select().from(t.auditLog).where(eq(t.auditLog.organisationId, org.id));
    expect(JSON.stringify(audit)).not.toContain("the-client-secret");
    expect(audit.map((a) => a.action)).toContain("sso.configured");

    // A blank secret keeps the one saved.
    await saveSsoSettings(db, viewer, settings([domain], { clientSecret: "" }));
    // Waiting for DNS, the provider signs in nobody; proven, its domain.
    expect((await loadSsoConnections(db, env())).find((c) => c.organisationId === org.id)!.allowedDomains).toEqual([]);
    await proveByDns(db, viewer, domain);
    const connection = (await loadSsoConnections(db, env())).find((c) => c.organisationId === org.id);
    expect(connection).toMatchObject({ providerId: `sso-${org.id}`, clientSecret: "the-client-secret", allowedDomains: [domain] });
    expect((await getSsoSettings(viewer, db)).redirectUri).toMatch(new RegExp(`/api/auth/callback/sso-${org.id}$`));
    expect(JSON.stringify(await getSsoSettings(viewer, db))).not.toContain("the-client-secret");
  });

  it("lets several organisations wait for a domain, and gives it to the one whose DNS proves it", async () => {
    const db = await getDb();
    const domain = `claimed-${crypto.randomUUID().slice(0, 8)}.example`;
    const viewers = [];
    for (const name of ["Sso First Ltd", "Sso Second Ltd", "Sso Third Ltd"]) {
      const org = await createOrganisation(db, name);
      const hr = await createPerson(db, org.id, { name: `Hr ${name}`, roles: ["hr"] });
      viewers.push(asHr(await viewerFor(db, org.id, hr.user.id)));
    }
    // First come is no longer first served: a claim nobody proved blocks nobody.
    await saveSsoSettings(db, viewers[0]!, settings([domain]));
    await saveSsoSettings(db, viewers[1]!, settings([domain]));
    // Each organisation has a value of its own: the first's record does not prove the second's claim.
    const [first, second] = await Promise.all(viewers.slice(0, 2).map(async (v) => (await getSsoSettings(v, db)).domains[0]!.record));
    expect(first!.name).toBe(`_twofold.${domain}`);
    expect(first!.value).not.toBe(second!.value);
    await proveByDns(db, viewers[1]!, domain);
    expect(await ssoForDomain(db, domain)).toMatchObject({ providerId: `sso-${viewers[1]!.organisation.id}` });
    // Once it is proven, the others cannot take it, by DNS or by saving it.
    await expect(proveByDns(db, viewers[0]!, domain)).rejects.toMatchObject({
      code: "invalid_input",
      message: `${domain} is already verified by another organisation on this installation.`,
    });
    await expect(saveSsoSettings(db, viewers[2]!, settings([domain]))).rejects.toMatchObject({ code: "conflict" });
    expect((await getSsoSettings(viewers[0]!, db)).domains[0]!.verifiedAt).toBeNull();
  });

  it("a domain another directory holds addresses at may be claimed, but its people keep their links and are never signed in to the claimant", async () => {
    const db = await getDb();
    const domain = `victim-${crypto.randomUUID().slice(0, 8)}.example`;
    const victim = await createOrganisation(db, "Sso Victim Ltd");
    const vera = await createPerson(db, victim.id, { name: "Vera Victim", email: `vera@${domain}` });
    const claimant = await createOrganisation(db, "Sso Claimant Ltd");
    const hr = await createPerson(db, claimant.id, { name: "Hugo Claimant", roles: ["hr"] });
    const viewer = asHr(await viewerFor(db, claimant.id, hr.user.id));
    // Saving says nothing about other directories (it used to answer "people of another
    // organisation have addresses at …", which both enumerated directories and let any HR block
    // a verified organisation's every later save by adding one person at its domain).
    await saveSsoSettings(db, viewer, settings([domain]));
    await db.update(t.organisationSsoDomains).set({ verifiedAt: new Date() }).where(eq(t.organisationSsoDomains.domain, domain));
    await db.update(t.organisationSso).set({ emailLinks: false }).where(eq(t.organisationSso.organisationId, claimant.id));
    // Vera still signs in by e-mail link to her own organisation, and the claimant's provider lets her nowhere.
    expect(await canSignInByEmail(db, vera.email)).toBe(true);
    const connection: SsoConnection = {
      ...config,
      providerId: `sso-${claimant.id}`,
      organisationId: claimant.id,
      allowedDomains: [domain],
    };
    expect(await ssoSignInVerdict(db, connection, verified(vera.email), account(`s-${vera.id}`))).toBe("refused");
    // Another organisation adding someone at the domain blocks none of the claimant's later saves.
    await createPerson(db, victim.id, { name: "Vic Victim", email: `vic@${domain}` });
    await saveSsoSettings(db, viewer, { ...settings([domain]), clientSecret: "" });
  });

  it("lets an organisation's provider sign in its own directory only, and its session reaches only it", async () => {
    const db = await getDb();
    const home = await createOrganisation(db, "Sso Home Ltd");
    const other = await createOrganisation(db, "Sso Other Ltd");
    const both = await createPerson(db, home.id, { name: "Bo Both" });
    await createPerson(db, other.id, { name: "Bo Both", email: both.email });
    const stranger = await createPerson(db, other.id, { name: "Sam Stranger" });
    const connection: SsoConnection = { ...config, providerId: `sso-${home.id}`, organisationId: home.id };
    expect(await ssoSignInVerdict(db, connection, verified(both.email), account(`s-${both.id}`))).toBe(true);
    // In another organisation's directory, same domain, same provider: the answer for an unknown address.
    expect(await ssoSignInVerdict(db, connection, verified(stranger.email), account(`s-${stranger.id}`))).toBe("refused");

    const session = async (values: Partial<typeof t.sessions.$inferInsert>) => {
      const token = `token-${crypto.randomUUID()}`;
      await db
        .insert(t.sessions)
        .values({ sessionToken: hashToken(token), userId: both.user.id, expires: new Date(Date.now() + 86400_000), ...values });
      return hashToken(token);
    };
    const reach = async (hash: string) => (await resolveIdentity(db, hash))?.viewer?.organisations.map((o) => o.id).sort() ?? [];
    const byHome = await session({ via: "organisation", ssoOrganisationId: home.id });
    expect(await reach(byHome)).toEqual([home.id]);
    // Even asked for by the switcher's cookie, the other organisation is not there.
    expect((await resolveIdentity(db, byHome, other.id))!.viewer!.organisation.id).toBe(home.id);
    expect(await reach(await session({ via: "email" }))).toEqual([home.id, other.id].sort());
    expect(await reach(await session({ via: "installation" }))).toEqual([home.id, other.id].sort());

    // Home switches e-mail links off: only from a session of its own provider (HR keeps a way in).
    const hr = await createPerson(db, home.id, { name: "Hal Home", roles: ["hr"] });
    const hrViewer = asHr(await viewerFor(db, home.id, hr.user.id));
    const homeDomain = `home-${crypto.randomUUID().slice(0, 8)}.example`;
    const off = settings([homeDomain], { emailLinks: false });
    await expect(saveSsoSettings(db, hrViewer, off, { via: "email", ssoOrganisationId: null })).rejects.toMatchObject({
      code: "invalid_input",
    });
    await expect(saveSsoSettings(db, hrViewer, off, { via: "organisation", ssoOrganisationId: other.id })).rejects.toMatchObject({
      code: "invalid_input",
    });
    // Nor while no domain is verified: nobody would be sent to the provider.
    await expect(saveSsoSettings(db, hrViewer, off, { via: "organisation", ssoOrganisationId: home.id })).rejects.toMatchObject({
      code: "invalid_input",
      fieldErrors: { emailLinks: [expect.stringMatching(/^Verify at least one domain by DNS/)] },
    });
    await saveSsoSettings(db, hrViewer, { ...off, emailLinks: true });
    await proveByDns(db, hrViewer, homeDomain);
    await saveSsoSettings(db, hrViewer, off, { via: "organisation", ssoOrganisationId: home.id });
    // No more links for someone only there; someone also elsewhere still gets one (for elsewhere).
    const onlyHome = await createPerson(db, home.id, { name: "Oona Only" });
    expect(await canSignInByEmail(db, onlyHome.email)).toBe(false);
    expect(await canSignInByEmail(db, both.email)).toBe(true);
    // A link's session no longer reaches it; its provider's does.
    expect(await reach(await session({ via: "email" }))).toEqual([other.id]);
    expect(await reach(byHome)).toEqual([home.id]);
  });
});

describe("single sign-on domains: proof by DNS (issue 23)", () => {
  const settings = (domains: string[]) => ({
    issuer: "https://login.example.com/realms/staff",
    clientId: "twofold",
    clientSecret: "the-client-secret",
    domains,
    emailLinks: true,
  });
  async function hrOf(name: string) {
    const db = await getDb();
    const org = await createOrganisation(db, name);
    const hr = await createPerson(db, org.id, { name: `Hr ${name}`, roles: ["hr"] });
    return { db, org, viewer: asHr(await viewerFor(db, org.id, hr.user.id)) };
  }
  const fresh = (label: string) => `${label}-${crypto.randomUUID().slice(0, 8)}.example`;

  it("a domain waiting for DNS routes nobody and takes no links away; the page shows the exact record", async () => {
    const { db, org, viewer } = await hrOf("Dns Waiting Ltd");
    const domain = fresh("waiting");
    await saveSsoSettings(db, viewer, settings([domain]));
    const page = await getSsoSettings(viewer, db);
    expect(page.domains).toEqual([
      {
        domain,
        verifiedAt: null,
        record: { name: `_twofold.${domain}`, value: expect.stringMatching(/^twofold-verification=[A-Za-z0-9_-]{43}$/) },
      },
    ]);
    expect(await ssoForDomain(db, domain)).toBeNull();
    const connection = (await loadSsoConnections(db, env())).find((c) => c.organisationId === org.id)!;
    expect(connection.allowedDomains).toEqual([]);
    // So the provider signs in nobody of the domain, even someone in the directory.
    const person = await createPerson(db, org.id, { name: "Wes Waiting", email: `wes@${domain}` });
    expect(await ssoSignInVerdict(db, connection, verified(person.email), account(`w-${person.id}`))).toBe("refused");
  });

  it("Check DNS says plainly what it found, and verifies nothing until the record is right", async () => {
    const { db, org, viewer } = await hrOf("Dns Checks Ltd");
    const domain = fresh("checks");
    await saveSsoSettings(db, viewer, settings([domain]));
    const { record } = (await getSsoSettings(viewer, db)).domains[0]!;
    const rejects = (message: RegExp) =>
      expect(checkDomainDns(db, viewer, domain)).rejects.toMatchObject({
        code: "invalid_input",
        fieldErrors: { domain: [expect.stringMatching(message)] },
      });

    await rejects(new RegExp(`^There is no TXT record at _twofold\\.${domain.replace(".", "\\.")} yet`));
    dns.setTxt(record.name, ["v=spf1 -all"]);
    await rejects(/^There is no twofold-verification record at/);
    dns.setTxt(record.name, ["twofold-verification=someone-elses-value"]);
    await rejects(/has another value\. Its value must be exactly twofold-verification=/);
    dns.fault(record.name, "broken");
    await rejects(/^The DNS lookup of .* failed\. Nothing was changed/);
    const started = Date.now();
    dns.fault(record.name, "silent");
    await rejects(/^The DNS lookup of .* timed out\. Nothing was changed/);
    const waited = Date.now() - started;
    expect(waited).toBeLessThan(15_000);
    expect((await getSsoSettings(viewer, db)).domains[0]!.verifiedAt).toBeNull();
    expect(await ssoForDomain(db, domain)).toBeNull();

    // The right value among other TXT records, split in two strings as long values are: verified.
    const value = record.value;
    dns.setTxt(record.name, ["v=spf1 -all", [value.slice(0, 25), value.slice(25)]]);
    const { verifiedAt } = await checkDomainDns(db, viewer, domain);
    expect(verifiedAt).toBeInstanceOf(Date);
    expect(await ssoForDomain(db, domain)).toEqual({ providerId: `sso-${org.id}`, emailLinks: true });
    const audit = await db.select().from(t.auditLog).where(eq(t.auditLog.organisationId, org.id));
    expect(audit.find((a) => a.action === "sso.domain.verified")!.details).toEqual({ domain });
    console.log(`[measure] a DNS lookup that gets no answer gave up after ${waited} ms`);
  });

  it("refuses what is not a domain with a clear sentence, and a domain that is not the organisation's with a 404", async () => {
    const { checkSsoDomainSchema } = await import("@/lib/sso/schemas");
    for (const bad of ["not a domain", "https://example.com", "*.example.com", "", "a".repeat(300) + ".com"]) {
      const parsed = checkSsoDomainSchema.safeParse({ domain: bad });
      expect(parsed.success, bad).toBe(false);
      expect(parsed.error!.issues[0]!.message).toMatch(/^That is not a domain|^Name the domain/);
    }
    expect(checkSsoDomainSchema.parse({ domain: " Example.COM " })).toEqual({ domain: "example.com" });
    const a = await hrOf("Dns Mine Ltd");
    const b = await hrOf("Dns Theirs Ltd");
    const theirs = fresh("theirs");
    await saveSsoSettings(b.db, b.viewer, settings([theirs]));
    await expect(checkDomainDns(a.db, a.viewer, theirs)).rejects.toMatchObject({ code: "not_found" });
    await expect(checkDomainDns(a.db, a.viewer, fresh("never-added"))).rejects.toMatchObject({ code: "not_found" });
  });

  it("keeps a proof while the domain stays in the settings, and drops it with the domain", async () => {
    const { db, viewer } = await hrOf("Dns Keeps Ltd");
    const [kept, dropped] = [fresh("kept"), fresh("dropped")];
    await saveSsoSettings(db, viewer, settings([kept, dropped]));
    await proveByDns(db, viewer, kept);
    await proveByDns(db, viewer, dropped);
    const before = (await getSsoSettings(viewer, db)).domains;
    await saveSsoSettings(db, viewer, { ...settings([kept]), clientSecret: "" });
    expect((await getSsoSettings(viewer, db)).domains).toEqual(before.filter((d) => d.domain === kept));
    await saveSsoSettings(db, viewer, { ...settings([kept, dropped]), clientSecret: "" });
    const again = (await getSsoSettings(viewer, db)).domains.find((d) => d.domain === dropped)!;
    expect(again.verifiedAt).toBeNull();
    // A new value: the old record no longer proves it.
    expect(again.record.value).not.toBe(before.find((d) => d.domain === dropped)!.record.value);
  });

  it("needs no proof for the installation's own domains (OIDC_ALLOWED_DOMAINS are the operator's)", async () => {
    const db = await getDb();
    const installation = parseEnv({
      OIDC_ISSUER: "https://login.example.com",
      OIDC_CLIENT_ID: "twofold",
      OIDC_CLIENT_SECRET: "secret",
      OIDC_ALLOWED_DOMAINS: "operator.example",
    });
    const connection = (await loadSsoConnections(db, installation)).find((c) => c.organisationId === null)!;
    expect(connection.allowedDomains).toEqual(["operator.example"]);
  });
});

describe("Test connection: the issuer's discovery document, fetched by the server (issue 23)", () => {
  let provider: http.Server;
  let providerIssuer: string;
  let odd: http.Server;
  let oddBase: string;
  let followed = 0;
  const SECRET_IN_BODY = "internal-secret-value-never-echoed";

  beforeAll(async () => {
    // The real oidc-provider package, as the journeys use it (tests/support/oidc-provider-server.ts).
    const { default: Provider } = await import("oidc-provider");
    provider = http.createServer();
    await new Promise<void>((resolve) => provider.listen(0, "127.0.0.1", resolve));
    providerIssuer = `http://127.0.0.1:${(provider.address() as AddressInfo).port}`;
    const oidc = new Provider(providerIssuer, {
      clients: [],
      findAccount: async (_ctx, id) => ({ accountId: id, claims: async () => ({ sub: id }) }),
    });
    provider.on("request", oidc.callback());
    // Answers a real provider would not give: a redirect, a huge document, silence, a document
    // naming another issuer with something private in it, one without endpoints.
    odd = http.createServer((req, res) => {
      const path = req.url ?? "";
      if (path.startsWith("/moved/")) {
        res.writeHead(302, { location: `${providerIssuer}/.well-known/openid-configuration` }).end();
      } else if (path.startsWith("/target/")) {
        followed++;
        res.writeHead(200, { "content-type": "application/json" }).end("{}");
      } else if (path.startsWith("/huge/")) {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ issuer: `${oddBase}/huge`, padding: "x".repeat(400 * 1024) }));
      } else if (path.startsWith("/slow/")) {
        setTimeout(() => res.writeHead(200).end("{}"), 8000).unref();
      } else if (path.startsWith("/other/")) {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ issuer: "https://someone-else.example", token_endpoint: SECRET_IN_BODY }));
      } else if (path.startsWith("/bare/")) {
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ issuer: `${oddBase}/bare` }));
      } else if (path.startsWith("/html/")) {
        res.writeHead(200, { "content-type": "text/html" }).end(`<html>${SECRET_IN_BODY}</html>`);
      } else {
        res.writeHead(404).end(SECRET_IN_BODY);
      }
    });
    await new Promise<void>((resolve) => odd.listen(0, "127.0.0.1", resolve));
    oddBase = `http://127.0.0.1:${(odd.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    provider.closeAllConnections();
    odd.closeAllConnections();
    await Promise.all([provider, odd].map((s) => new Promise((resolve) => s.close(resolve))));
  });

  const failed = (report: ConnectionReport) => report.checks.filter((c) => !c.ok).map((c) => c.check);

  it("passes every check against the real provider, and says each in words", async () => {
    const report = await testSsoConnection(providerIssuer);
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => [c.check, c.ok])).toEqual([
      ["reached", true],
      ["issuer", true],
      ["authorization", true],
      ["token", true],
      ["jwks", true],
    ]);
    expect(report.checks.map((c) => c.text)).toEqual([
      `Discovery document: found at ${providerIssuer}/.well-known/openid-configuration.`,
      "Issuer: the document names exactly the issuer you entered.",
      "The sign-in (authorization) endpoint is listed.",
      "The token endpoint is listed.",
      "The signing keys (JWKS) address is listed.",
    ]);
  });

  it("fails the issuer check for a wrong issuer: a trailing slash, or an address whose document names another", async () => {
    const slashed = await testSsoConnection(`${providerIssuer}/`);
    expect(failed(slashed)).toEqual(["issuer"]);
    const other = await testSsoConnection(`${oddBase}/other`);
    expect(failed(other)).toEqual(["issuer", "authorization", "token", "jwks"]);
    expect(other.checks.find((c) => c.check === "issuer")!.text).toMatch(/names another issuer than the one you entered/);
    expect(JSON.stringify(other)).not.toContain("someone-else.example");
    expect(JSON.stringify(other)).not.toContain(SECRET_IN_BODY);
    expect(failed(await testSsoConnection(`${oddBase}/bare`))).toEqual(["authorization", "token", "jwks"]);
  });

  it("follows no redirect, caps the size, gives up after a few seconds, and never echoes what came back", async () => {
    const moved = await testSsoConnection(`${oddBase}/moved`);
    expect(moved.checks).toEqual([
      { check: "reached", ok: false, text: expect.stringMatching(/answered with a redirect, which Twofold does not follow/) },
    ]);
    expect(followed).toBe(0);
    expect((await testSsoConnection(`${oddBase}/huge`)).checks[0]!.text).toMatch(/larger than 256 KB/);
    for (const path of ["/html", "/missing"]) {
      const report = await testSsoConnection(`${oddBase}${path}`);
      expect(report.ok).toBe(false);
      expect(JSON.stringify(report)).not.toContain(SECRET_IN_BODY);
    }
    // Not even the status code: only that this was not a discovery document.
    const missing = (await testSsoConnection(`${oddBase}/missing`)).checks[0]!.text;
    expect(missing).toMatch(/did not answer with its discovery document/);
    expect(missing).not.toMatch(/404/);
    // Never an address inside the server's own network (cloud metadata, private ranges, IPv6 local).
    for (const inside of ["https://169.254.169.254/latest", "https://10.1.2.3", "https://[fd00::1]", "https://[::ffff:192.168.1.1]"]) {
      expect((await testSsoConnection(inside)).checks).toEqual([
        { check: "reached", ok: false, text: expect.stringMatching(/private or local network/) },
      ]);
    }
    const started = Date.now();
    const slow = await testSsoConnection(`${oddBase}/slow`);
    const waited = Date.now() - started;
    expect(slow.checks[0]!.text).toMatch(/did not answer within 5 seconds/);
    expect(waited).toBeLessThan(7000);
    console.log(`[measure] Test connection gave up on a silent provider after ${waited} ms`);
    const closed = await testSsoConnection("http://127.0.0.1:1");
    expect(closed.checks[0]!.text).toMatch(/could not connect/);
  });

  it("fetches only https, or http on loopback outside production", async () => {
    await expect(testSsoConnection("http://login.example.com")).rejects.toMatchObject({
      code: "invalid_input",
      fieldErrors: { issuer: ["The issuer must start with https://."] },
    });
    const { testSsoConnectionSchema } = await import("@/lib/sso/schemas");
    expect(testSsoConnectionSchema.safeParse({ issuer: "not a url" }).success).toBe(false);
  });
});

describe("migration 0018 on rows saved before domain proofs (issue 23)", () => {
  it("starts every existing domain unverified with a value of its own, and turns e-mail links back on, audited", async () => {
    const { readFileSync } = await import("node:fs");
    const { sql } = await import("drizzle-orm");
    const db = await getDb();
    const locked = await createOrganisation(db, "Before Proofs Locked Ltd");
    const open = await createOrganisation(db, "Before Proofs Open Ltd");
    const rollback = new Error("rollback");
    await expect(
      db.transaction(async (tx) => {
        const step = (statement: string) => tx.execute(sql.raw(statement));
        // The table as 0017 left it (all of this is rolled back).
        for (const statement of [
          `DROP INDEX "organisation_sso_domains_verified_key"`,
          `ALTER TABLE "organisation_sso_domains" DROP CONSTRAINT "organisation_sso_domains_organisation_id_domain_pk"`,
          `ALTER TABLE "organisation_sso_domains" DROP COLUMN "verification_token"`,
          `ALTER TABLE "organisation_sso_domains" DROP COLUMN "verified_at"`,
          `ALTER TABLE "organisation_sso_domains" ADD PRIMARY KEY ("domain")`,
          `CREATE INDEX "organisation_sso_domains_organisation_idx" ON "organisation_sso_domains" ("organisation_id")`,
        ])
          await step(statement);
        for (const [org, links] of [
          [locked, false],
          [open, true],
        ] as const) {
          await step(`INSERT INTO organisation_sso (organisation_id, issuer, client_id, client_secret_sealed, email_links)
            VALUES ('${org.id}', 'https://login.example.com', 'twofold', 'v1:sealed', ${links})`);
          await step(
            `INSERT INTO organisation_sso_domains (domain, organisation_id) VALUES ('a-${org.id}.example', '${org.id}'), ('b-${org.id}.example', '${org.id}')`,
          );
        }
        const migration = readFileSync(new URL("../../drizzle/0018_sso_domain_proof.sql", import.meta.url), "utf8");
        for (const statement of migration.split("--> statement-breakpoint")) await step(statement);

        const rows = await tx.select().from(t.organisationSsoDomains);
        const ours = rows.filter((r) => r.organisationId === locked.id || r.organisationId === open.id);
        expect(ours).toHaveLength(4);
        expect(ours.every((r) => r.verifiedAt === null && /^[0-9a-f]{32}$/.test(r.verificationToken))).toBe(true);
        expect(new Set(ours.map((r) => r.verificationToken)).size).toBe(4);
        const sso = await tx.select().from(t.organisationSso);
        expect(sso.map((r) => r.emailLinks)).toEqual([true, true]);
        const audit = await tx.select().from(t.auditLog).where(eq(t.auditLog.action, "sso.email_links_reopened"));
        expect(audit.map((a) => a.organisationId)).toEqual([locked.id]);
        // Nothing routes until proven.
        expect(await ssoForDomain(tx, `a-${locked.id}.example`)).toBeNull();
        throw rollback;
      }),
    ).rejects.toBe(rollback);
  });
});
