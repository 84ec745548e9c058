import type { BrowserContext, Page } from "@playwright/test";
import { oidcIssuer } from "../../playwright.config";
import { IMPOSTOR_COOKIE } from "../support/oidc-test-client";
import { buildScenario, expect, expectAccessible, type SmallOrganisation, test } from "./support";

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
