import type { BrowserContext, Page } from "@playwright/test";
import { oidcIssuer } from "../../playwright.config";
import { IMPOSTOR_COOKIE } from "../support/oidc-test-client";
import { buildScenario, expect, expectAccessible, signIn, type SmallOrganisation, test } from "./support";

/**
 * Issue 23: single sign-on with OpenID Connect, against a real provider (the certified
 * oidc-provider package, tests/support/oidc-provider-server.ts) that the app under test is
 * configured with as the installation's provider (playwright.config.ts, OIDC_*).
 */

const SSO_BUTTON = "Sign in with Brightwater account";
const REFUSED = "We could not sign you in with that account";

const shot = (page: Page, name: string) => page.screenshot({ path: `shots/${name}.png`, fullPage: true });

/** From the sign-in page to the provider's own login form. */
async function toProvider(page: Page): Promise<URL> {
  await page.goto("/sign-in");
  const authorize = page.waitForRequest((r) => r.url().startsWith(`${oidcIssuer}/auth?`));
  await page.getByRole("button", { name: SSO_BUTTON }).click();
  await expect(page.locator("input[name=login]")).toBeVisible();
  return new URL((await authorize).url());
}

/** The provider's development login form: any password, the login is the account. */
async function logInAtProvider(page: Page, login: string) {
  await page.locator("input[name=login]").fill(login);
  await page.locator("input[name=password]").fill("any password");
  await page.getByRole("button", { name: "Sign-in" }).click();
}

/**
 * HR publishes the TXT record the settings page shows for the domain (at the test DNS server the
 * app resolves with) and presses Check DNS: first before the record is there, then after.
 */
async function proveDomain(page: Page, domain: string, { firstTooEarly = false } = {}) {
  const slug = domain.replace(/[^a-z0-9]/g, "-");
  const name = (await page.getByTestId(`domain-${slug}-record-name`).innerText()).trim();
  const value = (await page.getByTestId(`domain-${slug}-record-value`).innerText()).trim();
  expect(name).toBe(`_twofold.${domain}`);
  expect(value).toMatch(/^twofold-verification=[A-Za-z0-9_-]{43}$/);
  const check = page.getByRole("button", { name: `Check DNS for ${domain}` });
  if (firstTooEarly) {
    await check.click();
    await expect(page.getByText(`There is no TXT record at ${name} yet.`, { exact: false })).toBeVisible();
  }
  const published = await fetch(`${oidcIssuer}/dns`, { method: "POST", body: JSON.stringify({ name, values: [value] }) });
  expect(published.status).toBe(204);
  await check.click();
  await expect(page.getByText(`${domain} is verified.`)).toBeVisible();
  await expect(page.getByRole("listitem", { name: domain }).getByText("Verified", { exact: true })).toBeVisible();
}

async function expectSignedOut(page: Page) {
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in/);
}

/** The app's own cookies that carry one sign-in's state, PKCE verifier and nonce (Auth.js's). */
async function checkCookies(context: BrowserContext) {
  return (await context.cookies()).filter((c) => /authjs\.(state|pkce|nonce)/.test(c.name));
}

test.describe("single sign-on with the installation's OpenID provider", () => {
  test("a person in a directory signs in with their company account, and again later", async ({ page }) => {
    const s = await buildScenario<SmallOrganisation>(page, "small-organisation");
    await page.goto("/sign-in");
    await expectAccessible(page);
    await shot(page, "sso-sign-in-desktop");
    const authorize = await toProvider(page);
    // All three checks travel with the request: PKCE (S256), state and nonce.
    expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorize.searchParams.get("state")).toBeTruthy();
    expect(authorize.searchParams.get("nonce")).toBeTruthy();
    expect((await checkCookies(page.context())).map((c) => c.name.replace(/^__Secure-/, "")).sort()).toEqual([
      "authjs.nonce",
      "authjs.pkce.code_verifier",
      "authjs.state",
    ]);
    await logInAtProvider(page, s.manager.email);
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByText(s.organisationName).first()).toBeVisible();
    // The one-time cookies are gone once used.
    expect(await checkCookies(page.context())).toEqual([]);

    // Signed out of Twofold, still signed in at the provider: the button alone signs in again,
    // through the account attached the first time.
    await page.context().clearCookies({ domain: "localhost" });
    await expectSignedOut(page);
    await page.getByRole("button", { name: SSO_BUTTON }).click();
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByText(s.organisationName).first()).toBeVisible();
  });

  test("an unknown address and an address of a domain not allowed get the same page", async ({ page }) => {
    const texts: string[] = [];
    for (const login of ["nobody.at.all@example.test", "priya.shah@elsewhere.example"]) {
      await page.context().clearCookies();
      await toProvider(page);
      await logInAtProvider(page, login);
      await page.waitForURL(/\/sign-in\/problem/);
      await expect(page.getByText(REFUSED)).toBeVisible();
      texts.push(await page.locator("main").innerText());
      await expectSignedOut(page);
    }
    expect(texts[1]).toBe(texts[0]);
  });

  test("a known person whose address the provider has not verified is not signed in", async ({ page }) => {
    const s = await buildScenario<SmallOrganisation>(page, "small-organisation");
    await toProvider(page);
    await logInAtProvider(page, `unverified:${s.manager.email}`);
    await page.waitForURL(/\/sign-in\/problem\?problem=unverified/);
    await expect(page.getByText("Your account's e-mail address is not confirmed")).toBeVisible();
    await expectAccessible(page);
    await shot(page, "sso-problem-unverified-desktop");
    await page.setViewportSize({ width: 375, height: 740 });
    await shot(page, "sso-problem-unverified-phone");
    await expectSignedOut(page);
  });

  test("a response naming another issuer signs nobody in", async ({ page }) => {
    const s = await buildScenario<SmallOrganisation>(page, "small-organisation");
    await page.context().addCookies([{ name: IMPOSTOR_COOKIE, value: "1", url: oidcIssuer }]);
    await toProvider(page);
    await logInAtProvider(page, s.manager.email);
    await page.waitForURL(/\/sign-in\/problem\?problem=issuer/);
    await expect(page.getByText("Twofold could not confirm your identity provider")).toBeVisible();
    await expectSignedOut(page);
  });

  test("a sign-in whose state has expired signs nobody in", async ({ page }) => {
    const s = await buildScenario<SmallOrganisation>(page, "small-organisation");
    await toProvider(page);
    // After 15 minutes the browser drops the state, PKCE and nonce cookies: drop them now.
    for (const c of await checkCookies(page.context())) await page.context().clearCookies({ name: c.name });
    await logInAtProvider(page, s.manager.email);
    await page.waitForURL(/\/sign-in\/problem\?problem=expired/);
    await expect(page.getByText("That sign-in took too long or was already used")).toBeVisible();
    await expectSignedOut(page);
  });

  test("a replayed authorization code signs nobody in, even with the first sign-in's cookies", async ({ page, browser }) => {
    const s = await buildScenario<SmallOrganisation>(page, "small-organisation");
    await toProvider(page);
    const cookies = await checkCookies(page.context());
    const callback = page.waitForRequest((r) => r.url().includes("/api/auth/callback/sso"));
    await logInAtProvider(page, s.manager.email);
    const callbackUrl = (await callback).url();
    expect(new URL(callbackUrl).searchParams.get("code")).toBeTruthy();
    await expect(page).toHaveURL(/\/$/);

    // Someone who got hold of the redirect (a proxy log, the history) and the cookies tries it again.
    const other = await browser.newContext();
    try {
      await other.addCookies(cookies);
      const replay = await other.newPage();
      await replay.goto(callbackUrl);
      await replay.waitForURL(/\/sign-in\/problem\?problem=expired/);
      await expect(replay.getByText("That sign-in took too long or was already used")).toBeVisible();
      await expectSignedOut(replay);
    } finally {
      await other.close();
    }
  });

  test("the provider refusing the sign-in ends on a page that says so", async ({ page }) => {
    await toProvider(page);
    const uid = new URL(page.url()).pathname.split("/")[2];
    await page.goto(`${oidcIssuer}/interaction/${uid}/abort`);
    await page.waitForURL(/\/sign-in\/problem\?problem=provider/);
    await expect(page.getByText("Your identity provider did not sign you in")).toBeVisible();
    await expectSignedOut(page);
  });
});

test.describe("single sign-on set up by an organisation's HR", () => {
  test("HR sets up the organisation's provider; its people sign in with it, then with it only; others are refused", async ({
    page,
    browser,
  }) => {
    const s = await buildScenario<SmallOrganisation>(page, "small-organisation");
    // A domain of this journey's own, so no other journey's addresses meet this provider.
    const domain = `sso-${crypto.randomUUID().slice(0, 8)}.example`;
    const member = `sia.sso@${domain}`;
    await signIn(page, s.hr.email);
    // A second HR person whose address is in the provider's domain.
    await page.goto("/people/new");
    await page.getByLabel("Name").fill("Sia Sso");
    await page.getByLabel("Work e-mail address").fill(member);
    await page.getByRole("button", { name: "Add to the directory" }).click();
    await page.waitForURL(/\/people\/[0-9a-f-]{36}$/);
    await page.getByLabel(/^HR: runs cycles/).check();
    await page.getByRole("button", { name: "Save roles" }).click();
    await expect(page.getByText("Roles saved.")).toBeVisible();

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
    await expect(page.getByRole("heading", { name: "Sign-in settings" })).toBeVisible();
    const redirectUri = (await page.getByTestId("redirect-uri").innerText()).trim();
    expect(redirectUri).toBe(`${new URL(page.url()).origin}/api/auth/callback/sso-${s.organisationId}`);
    // Registering Twofold at the provider, as HR would on its admin screens.
    const registered = (await (
      await fetch(`${oidcIssuer}/reg`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ redirect_uris: [redirectUri], grant_types: ["authorization_code"], response_types: ["code"] }),
      })
    ).json()) as { client_id: string; client_secret: string };

    // The form refuses what it cannot use, field by field.
    await page.getByRole("button", { name: "Save sign-in settings" }).click();
    await expect(page.getByText("Enter the issuer URL from your identity provider.")).toBeVisible();
    await page.getByLabel("Issuer URL").fill(oidcIssuer);
    await page.getByLabel("Client ID").fill(registered.client_id);
    await page.getByLabel("Client secret").fill(registered.client_secret);
    await page.getByLabel("E-mail domains").fill(`*.${domain}`);
    await page.getByRole("button", { name: "Save sign-in settings" }).click();
    await expect(page.getByText("Enter e-mail domains such as example.com, separated by commas.")).toBeVisible();
    await page.getByLabel("E-mail domains").fill(domain);
    // Links off from an e-mail link's session would shut this HR person out: refused.
    await page.getByLabel("Also allow e-mail sign-in links").uncheck();
    await page.getByRole("button", { name: "Save sign-in settings" }).click();
    await expect(page.getByText(/To switch e-mail links off, first save these settings with links on/)).toBeVisible();
    await page.getByLabel("Also allow e-mail sign-in links").check();
    await page.getByRole("button", { name: "Save sign-in settings" }).click();
    await expect(page.getByText("Saved. People can sign in with your provider from now on.")).toBeVisible();

    // Test connection reads the provider's discovery document and says what it found.
    await page.getByRole("button", { name: "Test connection" }).click();
    await expect(page.getByText("Connection test passed: Twofold can use this provider.")).toBeVisible();
    const checks = page.getByRole("list", { name: "Connection checks" });
    await expect(checks.getByRole("listitem")).toHaveText([
      `✓ Passed: Discovery document: found at ${oidcIssuer}/.well-known/openid-configuration.`,
      "✓ Passed: Issuer: the document names exactly the issuer you entered.",
      "✓ Passed: The sign-in (authorization) endpoint is listed.",
      "✓ Passed: The token endpoint is listed.",
      "✓ Passed: The signing keys (JWKS) address is listed.",
    ]);

    // The domain waits for DNS: until it is proven, nobody is sent to this provider.
    await expect(page.getByRole("listitem", { name: domain }).getByText("Waiting for DNS")).toBeVisible();
    await page.setViewportSize({ width: 1366, height: 900 });
    await expectAccessible(page);
    await shot(page, "sso-settings-waiting-1366");
    await page.setViewportSize({ width: 375, height: 740 });
    await expectAccessible(page);
    await shot(page, "sso-settings-waiting-375");
    await page.setViewportSize({ width: 1366, height: 900 });
    const early = await browser.newContext();
    try {
      const e = await early.newPage();
      await e.goto("/sign-in");
      await e.getByLabel("Work e-mail address").fill(member);
      // The page offers company accounts only once some organisation here has a verified domain
      // (another journey's may be, at this moment): either way, this domain leads nowhere yet.
      const company = e.getByRole("button", { name: "Continue with your company account" });
      if (await company.count()) {
        await company.click();
        await expect(e.getByText(`No company sign-in is set up for addresses at ${domain}.`)).toBeVisible();
      }
    } finally {
      await early.close();
    }
    await proveDomain(page, domain, { firstTooEarly: true });
    await shot(page, "sso-settings-verified-1366");

    // Anyone may ask Auth.js which providers there are: the installation's only, never an
    // organisation's (its name would say which companies use this installation).
    const listed = (await (await page.request.get("/api/auth/providers")).json()) as Record<string, { name: string }>;
    expect(Object.keys(listed).sort()).toEqual(["email", "sso"]);
    expect(JSON.stringify(listed)).not.toContain(s.organisationName);

    const other = await browser.newContext();
    try {
      const p = await other.newPage();
      // Sia signs in with the company account, found by the address's domain.
      await p.goto("/sign-in");
      await p.getByLabel("Work e-mail address").fill(member);
      await p.getByRole("button", { name: "Continue with your company account" }).click();
      await expect(p.locator("input[name=login]")).toBeVisible();
      await logInAtProvider(p, member);
      await expect(p).toHaveURL(/\/$/);
      await expect(p.getByText(s.organisationName).first()).toBeVisible();

      // Signed in through the provider, Sia may switch e-mail links off.
      await p.goto("/settings/sign-in");
      await expect(p.getByLabel("Client secret")).toHaveValue("");
      expect(await p.content()).not.toContain(registered.client_secret);
      await p.getByLabel("Also allow e-mail sign-in links").uncheck();
      await p.getByRole("button", { name: "Save sign-in settings" }).click();
      await expect(p.getByText("Saved. People can sign in with your provider from now on.")).toBeVisible();
      await p.reload();
      await expect(p.getByLabel("Also allow e-mail sign-in links")).not.toBeChecked();
      await expectAccessible(p);
      await shot(p, "sso-settings-desktop");
      await p.setViewportSize({ width: 375, height: 740 });
      await expectAccessible(p);
      await shot(p, "sso-settings-phone");
      await p.setViewportSize({ width: 1366, height: 900 });

      // The first HR person's e-mail-link session no longer opens the organisation.
      await page.goto("/people");
      await expect(page).toHaveURL(/\/no-access/);

      // Signed out: e-mail links are off for the domain, said the same for any address in it.
      await other.clearCookies({ domain: "localhost" });
      for (const address of [member, `nobody@${domain}`]) {
        await p.goto("/sign-in");
        await p.getByLabel("Work e-mail address").fill(address);
        await p.getByRole("button", { name: "E-mail me a sign-in link" }).click();
        await expect(p.getByText(`Addresses at ${domain} sign in with their company account`)).toBeVisible();
      }
      await shot(p, "sso-sign-in-company-desktop");

      // Someone of another organisation (the demo's HR) at this organisation's provider: refused,
      // with the page an unknown address gets.
      const q = await browser.newContext();
      try {
        const r = await q.newPage();
        await r.goto("/sign-in");
        await r.getByLabel("Work e-mail address").fill(`nobody@${domain}`);
        await r.getByRole("button", { name: "Continue with your company account" }).click();
        await expect(r.locator("input[name=login]")).toBeVisible();
        await logInAtProvider(r, "priya.shah@brightwater.example");
        await r.waitForURL(/\/sign-in\/problem\?problem=refused/);
        await expect(r.getByText(REFUSED)).toBeVisible();
        await expectSignedOut(r);
      } finally {
        await q.close();
      }

      // Sia, still signed in at the provider, comes back with the button alone and turns single
      // sign-on off, which gives the domain back to e-mail links.
      await p.getByRole("button", { name: "Continue with your company account" }).click();
      await expect(p).toHaveURL(/\/$/);
      await p.goto("/settings/sign-in");
      await p.getByRole("button", { name: "Turn off single sign-on…" }).click();
      await p.getByRole("button", { name: "Turn off single sign-on", exact: true }).click();
      // The first HR person's e-mail-link session opens the organisation again...
      await expect(async () => {
        await page.goto("/people");
        await expect(page).toHaveURL(/\/people$/);
      }).toPass();
      // ...and the sessions the provider started have ended with it.
      await expectSignedOut(p);
    } finally {
      await other.close();
    }
  });
});

test("an organisation whose issuer is set wrong signs nobody in, and says why", async ({ page, browser }) => {
  const s = await buildScenario<SmallOrganisation>(page, "small-organisation");
  const domain = `sso-${crypto.randomUUID().slice(0, 8)}.example`;
  await signIn(page, s.hr.email);
  await page.goto("/settings/sign-in");
  // The discovery document there names the provider's real issuer, not this address.
  await page.getByLabel("Issuer URL").fill(`${oidcIssuer}/impostor`);
  await page.getByLabel("Client ID").fill("anything");
  await page.getByLabel("Client secret").fill("anything-secret");
  await page.getByLabel("E-mail domains").fill(domain);
  await page.getByRole("button", { name: "Save sign-in settings" }).click();
  await expect(page.getByText("Saved. People can sign in with your provider from now on.")).toBeVisible();
  // Test connection would have said so before anyone tried.
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByText("Connection test failed: see the checks below.")).toBeVisible();
  await expect(page.getByRole("list", { name: "Connection checks" }).getByRole("listitem").nth(1)).toHaveText(
    /✗ Failed: Issuer: the document names another issuer than the one you entered\./,
  );
  await proveDomain(page, domain);
  const other = await browser.newContext();
  try {
    const p = await other.newPage();
    await p.goto("/sign-in");
    await p.getByLabel("Work e-mail address").fill(`someone@${domain}`);
    await p.getByRole("button", { name: "Continue with your company account" }).click();
    await p.waitForURL(/\/sign-in\/problem\?problem=issuer/);
    await expect(p.getByText("Twofold could not confirm your identity provider")).toBeVisible();
  } finally {
    await other.close();
  }
  await page.getByRole("button", { name: "Turn off single sign-on…" }).click();
  await page.getByRole("button", { name: "Turn off single sign-on", exact: true }).click();
  await expect(page.getByText("Single sign-on is off.")).toBeVisible();
});
