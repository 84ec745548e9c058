import { expect, expectAccessible, buildScenario, mailbox, signIn, test, type SmallOrganisation } from "./support";
import { SIGN_IN_DELIVERY_DELAY_MS } from "../../lib/auth/sign-in-email";

test.describe("foundation", () => {
  test("a manager asks for a magic link, reads it from SMTP, signs in and lands on the dashboard", async ({ page }) => {
    const org = await buildScenario<SmallOrganisation>(page, "small-organisation");
    await page.goto("/sign-in");
    await expectAccessible(page);
    await signIn(page, org.manager.email);
    await expect(page.getByRole("heading", { name: "Welcome, Max" })).toBeVisible();
    await expect(page.getByText(org.organisationName).first()).toBeVisible();
    await expect(page.getByRole("heading", { name: "Your feedback" })).toBeVisible();
    await expectAccessible(page);

    await page.getByRole("link", { name: "Cycles" }).click();
    await expect(page.getByRole("heading", { name: "Cycles", exact: true })).toBeVisible();
    await expectAccessible(page);

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    await page.goto("/");
    await expect(page).toHaveURL(/\/sign-in/);
  });

  test("HR sees the organisation overview", async ({ page }) => {
    const org = await buildScenario<SmallOrganisation>(page, "small-organisation");
    await signIn(page, org.hr.email);
    await expect(page.getByRole("heading", { name: "Organisation" })).toBeVisible();
    await expect(page.getByText("People in the directory")).toBeVisible();
    await expectAccessible(page);
  });

  test("signed-out visitors are sent to sign-in, and bad input gets a field error", async ({ page }) => {
    await page.goto("/cycles");
    await expect(page).toHaveURL(/\/sign-in/);
    await page.getByLabel("Work e-mail address").fill("not-an-address");
    await page.getByRole("button", { name: "E-mail me a sign-in link" }).click();
    await expect(page.getByText("Enter an e-mail address such as name@example.com.")).toBeVisible();
    await expect(page.getByLabel("Work e-mail address")).toHaveAttribute("aria-invalid", "true");
    await expectAccessible(page);
  });

  test("an unknown address gets the same answer and no e-mail", async ({ page }) => {
    const since = Date.now();
    const stranger = `stranger.${Date.now()}@nowhere.test`;
    await page.goto("/sign-in");
    await page.getByLabel("Work e-mail address").fill(stranger);
    await page.getByRole("button", { name: "E-mail me a sign-in link" }).click();
    await expect(page.getByRole("heading", { name: "Check your e-mail" })).toBeVisible();
    await expectAccessible(page);
    // Links leave at a random moment after the request: wait past the latest one.
    await page.waitForTimeout(SIGN_IN_DELIVERY_DELAY_MS.max + 1000);
    expect((await mailbox.all()).filter((m) => m.receivedAt >= since && m.to.includes(stranger))).toHaveLength(0);
  });

  test("the sign-in page names the demo accounts", async ({ page }) => {
    await page.goto("/sign-in");
    await expect(page.getByText("priya.shah@brightwater.example")).toBeVisible();
  });

  test("unknown routes get a 404 page", async ({ page }) => {
    const response = await page.goto("/no-such-page");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    await expectAccessible(page);
  });

  test("the health endpoint says ok, and nothing about the database", async ({ request }) => {
    const response = await request.get("/api/health");
    expect(response.status()).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  test("the dev mailbox does not exist in production", async ({ page }) => {
    const response = await page.goto("/dev/mail");
    expect(response?.status()).toBe(404);
  });
});
