import type { Page } from "@playwright/test";
import { budget, buildScenario, expect, expectAccessible, signIn, test } from "./support";

interface HrOnly {
  organisationId: string;
  suffix: string;
  hr: { email: string; name: string };
}

const shot = (page: Page, name: string) => page.screenshot({ path: `shots/${name}.png`, fullPage: true });

test.describe("directory sync", () => {
  test("HR creates a token, sees it once, an identity provider provisions with it, and HR revokes it", async ({ page, request }) => {
    test.setTimeout(budget(120_000));
    const s = await buildScenario<HrOnly>(page, "hr-only");
    await signIn(page, s.hr.email);
    await page.getByRole("link", { name: "People" }).click();
    await page.getByRole("link", { name: "Directory sync" }).click();
    await expect(page.getByRole("heading", { name: "Directory sync" })).toBeVisible();
    await expect(page.getByText("No tokens yet")).toBeVisible();
    await expect(page.getByText(/\/api\/scim\/v2$/)).toBeVisible();

    // A name is required, with the shared schema's sentence.
    await page.getByRole("button", { name: "Create token" }).click();
    await expect(page.getByText("Name the token, for example after the identity provider that will use it.")).toBeVisible();

    await page.getByLabel("Name", { exact: true }).fill("Entra ID");
    await page.getByRole("button", { name: "Create token" }).click();
    await expect(page.getByText("Copy this token now: it will not be shown again")).toBeVisible();
    const token = await page.getByLabel("The new token").inputValue();
    expect(token).toMatch(/^twofold_scim_[A-Za-z0-9_-]{43}$/);
    await expect(page.getByRole("cell", { name: "Entra ID", exact: true })).toBeVisible();
    await expectAccessible(page);
    for (const [name, size] of [
      ["phone", { width: 375, height: 800 }],
      ["desktop", { width: 1366, height: 900 }],
    ] as const) {
      await page.setViewportSize(size);
      // Nothing wider than the screen: the table scrolls inside its own region, the token wraps in its box.
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), name).toBeLessThanOrEqual(0);
      await shot(page, `provisioning-token-${name}`);
    }

    // The identity provider, through the running server: the token works, with SCIM's content type.
    const auth = { authorization: `Bearer ${token}`, "content-type": "application/scim+json" };
    const created = await request.post("/api/scim/v2/Users", {
      headers: auth,
      data: {
        schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
        userName: `synced.${s.suffix}@provisioned.test`,
        displayName: "Sam Synced",
        active: true,
      },
    });
    expect(created.status()).toBe(201);
    expect(created.headers()["content-type"]).toContain("application/scim+json");

    // Shown once: after a reload only the name is there, never the token.
    await page.reload();
    await expect(page.getByText("Copy this token now")).toHaveCount(0);
    expect(await page.content()).not.toContain(token);
    await expect(page.getByRole("cell", { name: "Entra ID", exact: true })).toBeVisible();
    await page.goto("/people");
    await expect(page.getByRole("link", { name: "Sam Synced" })).toBeVisible();

    await page.goto("/people/provisioning");
    await page.getByRole("button", { name: "Revoke Entra ID" }).click();
    await page.getByRole("button", { name: "Revoke now" }).click();
    await expect(page.getByText(/^Revoked /)).toBeVisible();
    await expect(page.getByRole("button", { name: "Revoke Entra ID" })).toHaveCount(0);
    await expectAccessible(page);
    for (const [name, size] of [
      ["phone", { width: 375, height: 800 }],
      ["desktop", { width: 1366, height: 900 }],
    ] as const) {
      await page.setViewportSize(size);
      await shot(page, `provisioning-revoked-${name}`);
    }
    const after = await request.get("/api/scim/v2/Users", { headers: auth });
    expect(after.status()).toBe(401);
    expect((await after.json()).schemas).toEqual(["urn:ietf:params:scim:api:messages:2.0:Error"]);
  });

  test("a token stops when the HR person who created it is no longer HR, and the page says why", async ({ page, browser, request }) => {
    test.setTimeout(budget(120_000));
    const s = await buildScenario<HrOnly>(page, "hr-only");
    await signIn(page, s.hr.email);
    await page.goto("/people/provisioning");
    await page.getByLabel("Name", { exact: true }).fill("Okta");
    await page.getByRole("button", { name: "Create token" }).click();
    const token = await page.getByLabel("The new token").inputValue();
    const auth = { authorization: `Bearer ${token}`, "content-type": "application/scim+json" };
    expect((await request.get("/api/scim/v2/Users", { headers: auth })).status()).toBe(200);

    // A second HR person takes over and removes the first one's HR role.
    const successor = `successor.${s.suffix}@example.test`;
    await page.goto("/people/new");
    await page.getByLabel("Name").fill("Sol Successor");
    await page.getByLabel("Work e-mail address").fill(successor);
    await page.getByRole("button", { name: "Add to the directory" }).click();
    await page.waitForURL(/\/people\/[0-9a-f-]{36}$/);
    await page.getByLabel(/^HR: runs cycles/).check();
    await page.getByRole("button", { name: "Save roles" }).click();
    await expect(page.getByText("Roles saved.")).toBeVisible();
    const other = await browser.newContext();
    try {
      const p = await other.newPage();
      await signIn(p, successor);
      await p.goto("/people");
      await p.getByRole("link", { name: s.hr.name }).click();
      await p.getByLabel(/^HR: runs cycles/).uncheck();
      await p.getByRole("button", { name: "Save roles" }).click();
      await expect(p.getByText("Roles saved.")).toBeVisible();

      // The token answers for its creator, who no longer is HR: 401, like a revoked one.
      const refused = await request.get("/api/scim/v2/Users", { headers: auth });
      expect(refused.status()).toBe(401);
      await p.goto("/people/provisioning");
      await expect(p.getByText("A token has stopped working")).toBeVisible();
      await expect(p.getByText(/“Okta” was created by someone who is no longer HR of this organisation/)).toBeVisible();
      await expect(p.getByRole("cell", { name: "Stopped", exact: true })).toBeVisible();
      await expectAccessible(p);
      for (const [name, size] of [
        ["phone", { width: 375, height: 800 }],
        ["desktop", { width: 1366, height: 900 }],
      ] as const) {
        await p.setViewportSize(size);
        expect(await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), name).toBeLessThanOrEqual(0);
        await shot(p, `provisioning-stopped-${name}`);
      }
      // A new token, created by HR who is HR, works.
      await p.getByLabel("Name", { exact: true }).fill("Okta again");
      await p.getByRole("button", { name: "Create token" }).click();
      const fresh = await p.getByLabel("The new token").inputValue();
      expect((await request.get("/api/scim/v2/Users", { headers: { ...auth, authorization: `Bearer ${fresh}` } })).status()).toBe(200);
    } finally {
      await other.close();
    }
  });
});
