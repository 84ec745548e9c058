import type { Page } from "@playwright/test";
import { buildScenario, expect, expectAccessible, linkIn, mailbox, signIn, test, type InvitedRater } from "./support";

const desktop = { width: 1366, height: 900 };
const narrow = { width: 375, height: 740 };

/** Full-page screenshots at both widths, for a person to look at (test-results/screens). */
async function shoot(page: Page, name: string) {
  for (const [label, size] of [
    ["1366", desktop],
    ["375", narrow],
  ] as const) {
    await page.setViewportSize(size);
    await page.screenshot({ path: `test-results/screens/${name}-${label}.png`, fullPage: true });
  }
  await page.setViewportSize(desktop);
}

test.describe("progress and comments that name nobody", () => {
  test.use({ viewport: desktop });

  test("the survey warns a rater whose comment contains their own name, who can edit or submit anyway", async ({ page }) => {
    test.setTimeout(120_000);
    const s = await buildScenario<InvitedRater>(page, "invited-rater");
    const mail = await mailbox.waitFor(s.rater.email, (m) => m.subject.includes("would value your feedback"));
    await page.goto(linkIn(mail));
    // Who sees what says comments are shown word for word.
    await expect(page.getByText(/Comments are shown word for word to/).first()).toBeVisible();
    await page.getByRole("button", { name: "Start" }).click();
    await expect(page.getByRole("heading", { name: "In your own words" })).toBeVisible();

    for (const group of await page.locator("form fieldset").all()) await group.getByLabel("Often").check();
    const firstName = s.rater.name.split(" ")[0]!;
    await page.getByLabel(/keep doing/).fill(`As ${firstName.toLowerCase()}, I value the weekly planning.`);
    await page.getByRole("button", { name: "Submit feedback" }).click();

    const warning = page.getByRole("region", { name: "Your comments may say who you are" });
    await expect(warning).toBeVisible();
    await expect(warning).toContainText(`Comments are shown word for word to ${s.manager.name}`);
    await expect(page.getByRole("heading", { name: "Your comments may say who you are" })).toBeFocused();
    await expect(page.getByText(/Your feedback has been submitted/)).toHaveCount(0);
    await expectAccessible(page);
    await shoot(page, "survey-naming-warning");

    // Edit: back to the comment, the name taken out; submitting again goes straight through.
    await warning.getByRole("button", { name: "Edit my comments" }).click();
    await expect(page.getByLabel(/keep doing/)).toBeFocused();
    await page.getByLabel(/keep doing/).fill("I value the weekly planning.");
    await page.getByLabel(/Anything to add about culture and processes/).fill(`Write to me: ${s.rater.email.toUpperCase()}`);
    await page.getByRole("button", { name: "Submit feedback" }).click();
    // The e-mail address is caught too; this time the rater submits anyway.
    await expect(warning).toBeVisible();
    await expect(warning.getByRole("link", { name: "Culture and processes" })).toBeVisible();
    await warning.getByRole("button", { name: "Submit anyway" }).click();
    await expect(page.getByText(/Your feedback has been submitted/)).toBeVisible();
    await expectAccessible(page);
  });

  test("the subject and HR see per group only whether it has enough answers, never a count or declines", async ({ page, browser }) => {
    test.setTimeout(120_000);
    const s = await buildScenario<InvitedRater>(page, "invited-rater");
    await signIn(page, s.manager.email);
    const card = page.getByRole("listitem").filter({ has: page.getByRole("link", { name: s.cycle.name }) });
    await expect(card.getByText("Not enough answers yet")).toBeVisible();
    await expect(card.getByText(/\d+ of \d+ responded|declined/)).toHaveCount(0);
    await expectAccessible(page);
    await shoot(page, "home-subject");

    await page.goto(`/requests/${s.requestId}`);
    const progress = page.getByRole("region", { name: "Progress" });
    await expect(progress.getByText("1 invited")).toBeVisible();
    await expect(progress.getByText("Not enough answers yet")).toBeVisible();
    await expect(progress.getByText(/responded|declined|more needed/)).toHaveCount(0);
    await expectAccessible(page);
    await progress.getByRole("button", { name: "Remind raters who have not answered" }).click();
    await expect(progress.getByText(/Reminders are on their way to anyone who has not answered yet/)).toBeVisible();
    await expect(progress.getByText(/\d+ (rater|people|reminder)s? (were|was) reminded/)).toHaveCount(0);
    await shoot(page, "request-subject");

    await page.goto(`/reports/${s.requestId}`);
    await expect(page.getByRole("heading", { name: "Not ready yet" })).toBeVisible();
    await expectAccessible(page);
    await shoot(page, "report-not-ready");

    const hr = await (await browser.newContext({ viewport: desktop })).newPage();
    await signIn(hr, s.hr.email);
    await expectAccessible(hr);
    await shoot(hr, "home-hr");
    await hr.goto("/cycles");
    // One request with invitations: its cycle's total is one person's count, so it is not shown.
    await expect(hr.getByRole("row", { name: new RegExp(s.cycle.name) }).getByText("Not shown")).toBeVisible();
    await expectAccessible(hr);
    await shoot(hr, "cycles-hr");
    await hr.goto(`/cycles/${s.cycle.id}`);
    await expect(hr.getByText("Not shown yet")).toBeVisible();
    await expect(hr.getByText(/\d+ of \d+ responded/)).toHaveCount(0);
    await expectAccessible(hr);
    await shoot(hr, "cycle-hr");
  });
});
