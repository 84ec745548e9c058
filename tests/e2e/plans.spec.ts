import type { Browser, Page } from "@playwright/test";
import { buildScenario, expect, expectAccessible, linkIn, mailbox, signIn, test } from "./support";

interface ReleasedReport {
  organisationId: string;
  requestId: string;
  manager: { email: string; name: string };
  hr: { email: string };
  director: { email: string; name: string };
}

const SHOTS = "shots";
const sizes = [
  { name: "phone", width: 375, height: 800 },
  { name: "desktop", width: 1366, height: 900 },
] as const;

/** Phone and desktop screenshots of the page as it stands, each checked with axe. */
async function shoot(page: Page, name: string) {
  for (const s of sizes) {
    await page.setViewportSize({ width: s.width, height: s.height });
    await expectAccessible(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${name} at ${s.width} px: wider than the screen`).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${SHOTS}/${name}-${s.name}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1366, height: 900 });
}

async function signedIn(browser: Browser, email: string) {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, email);
  return page;
}

test.describe("development plans", () => {
  test("a subject picks focus areas, writes a plan, shares it with the line manager and a coach, and withdraws both", async ({
    page,
    browser,
  }) => {
    test.slow();
    const s = await buildScenario<ReleasedReport>(page, "released-report-two-peers");
    await signIn(page, s.manager.email);
    await page.goto(`/reports/${s.requestId}`);
    await expect(page.getByRole("heading", { name: "Growing as a leader" })).toBeVisible();
    await page.getByRole("link", { name: "Make a development plan" }).click();
    await expect(page.getByRole("heading", { name: "Your development plan" })).toBeVisible();
    await expect(page.getByText("Only you can see this plan until you share it.")).toBeVisible();
    await shoot(page, "plan-empty");

    // Nothing chosen: a clear message, nothing saved.
    await page.getByRole("button", { name: "Save focus areas" }).click();
    await expect(page.getByText("Choose at least one focus area.")).toBeVisible();

    await page.getByRole("checkbox", { name: /Taking and managing risk: takes calculated risks/ }).check();
    await page.getByRole("checkbox", { name: /Motivation and oversight: oversees the work/ }).check();
    await page.getByRole("button", { name: "Save focus areas" }).click();
    await expect(page.getByText("Focus areas saved.")).toBeVisible();
    const risk = page.getByRole("region", { name: "1. Taking and managing risk: takes calculated risks" });
    await expect(risk).toBeVisible();
    // The report's own figure, with its n.
    await expect(risk.getByText(/\(n=\d+\)/).first()).toBeVisible();

    const add = risk.getByRole("form", { name: /Add an action to/ });
    await add.getByRole("button", { name: "Add action" }).click();
    await expect(add.getByText("Say what you will do.")).toBeVisible();
    await add.getByLabel("What will you do?").fill("Try one small, reversible experiment");
    await add.getByLabel("By when (optional)").fill("2027-02-26");
    await add.getByLabel("Who can help (optional)").fill("Dana");
    await add.getByRole("button", { name: "Add action" }).click();
    await expect(risk.getByRole("paragraph").filter({ hasText: /^Try one small, reversible experiment$/ })).toBeVisible();
    await risk.getByLabel("Status of Try one small, reversible experiment").selectOption("doing");
    const history = page.getByRole("region", { name: "History" });
    await expect(history.getByText('Moved "Try one small, reversible experiment" from planned to doing')).toBeVisible();

    // Private by default: the line manager gets a 404 until it is shared.
    const manager = await signedIn(browser, s.director.email);
    expect((await manager.goto(`/reports/${s.requestId}/plan`))!.status()).toBe(404);

    await page.getByRole("button", { name: `Share with ${s.director.name}` }).click();
    await expect(page.getByText(`Shared with ${s.director.name}.`)).toBeVisible();
    await shoot(page, "plan-subject");

    expect((await manager.goto(`/reports/${s.requestId}/plan`))!.status()).toBe(200);
    await expect(manager.getByRole("heading", { name: `${s.manager.name}'s development plan` })).toBeVisible();
    await expect(manager.getByText("Try one small, reversible experiment", { exact: true })).toBeVisible();
    await expect(manager.getByRole("button", { name: "Add action" })).toHaveCount(0);
    await shoot(manager, "plan-line-manager");

    // HR never reads it, shared or not.
    const hr = await signedIn(browser, s.hr.email);
    expect((await hr.goto(`/reports/${s.requestId}/plan`))!.status()).toBe(404);

    await page.getByRole("button", { name: `Stop sharing with ${s.director.name}` }).click();
    await expect(page.getByText("Nobody: this plan is private.")).toBeVisible();
    expect((await manager.goto(`/reports/${s.requestId}/plan`))!.status()).toBe(404);

    // A coach by e-mail: a link that works without an account, until it is withdrawn.
    const coachEmail = `coach.${Date.now()}@coach.test`;
    const since = Date.now();
    await page.getByLabel("Coach's name").fill("Cora Coach");
    await page.getByLabel("Coach's e-mail address").fill(coachEmail);
    await page.getByRole("button", { name: "E-mail the coach a link" }).click();
    await expect(page.getByText("Shared: the coach has been e-mailed a link.")).toBeVisible();
    const link = linkIn(await mailbox.waitFor(coachEmail, (m) => m.subject.includes("shared a development plan"), { since }));
    const coach = await (await browser.newContext()).newPage();
    await coach.goto(link);
    await expect(coach.getByRole("heading", { name: `${s.manager.name}'s development plan` })).toBeVisible();
    await expect(coach.getByText("Try one small, reversible experiment", { exact: true })).toBeVisible();
    await shoot(coach, "plan-coach");

    await page.getByRole("button", { name: "Stop sharing with Cora Coach" }).click();
    await expect(page.getByText("Nobody: this plan is private.")).toBeVisible();
    await coach.goto(link);
    await expect(coach.getByRole("heading", { name: "This plan is no longer shared" })).toBeVisible();
    await expect(coach.getByText("Try one small, reversible experiment")).toHaveCount(0);
    await shoot(coach, "plan-link-gone");
  });
});
