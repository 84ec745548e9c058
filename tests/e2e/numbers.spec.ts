import type { Page } from "@playwright/test";
import { addDaysIso, todayIso } from "@/lib/dates";
import { formatDate } from "@/lib/format";
import { budget, buildScenario, expect, expectAccessible, type OpenCycle, signIn, type SmallOrganisation, test } from "./support";

/** Each page at a phone's and a desktop's width, for a person to look at (not committed), with axe at both. */
async function shot(page: Page, name: string) {
  for (const [label, width] of [
    ["phone", 375],
    ["desktop", 1366],
  ] as const) {
    await page.setViewportSize({ width, height: 900 });
    await expectAccessible(page);
    await page.screenshot({ path: `shots/${name}-${label}.png`, fullPage: true });
  }
}

/** A cycle through the form, and its page once saved (a draft). */
async function draftCycle(page: Page, name: string, opensOn?: string) {
  await page.goto("/cycles/new");
  await page.getByLabel("Name", { exact: true }).fill(name);
  if (opensOn) await page.getByLabel("Opens on").fill(opensOn);
  await page.getByRole("button", { name: "Save as draft" }).click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
  return page.url().split("/cycles/")[1]!;
}

/** Launch a draft, let everyone choose raters and answer, and release both reports early. */
async function runAndReleaseEarly(page: Page, cycleId: string, s: SmallOrganisation) {
  await page.getByRole("button", { name: "Launch for 2 people" }).click();
  await page.getByRole("button", { name: "Launch now" }).click();
  await expect(page.getByText("Launched: 2 feedback requests created")).toBeVisible();
  const played = await page.request.post("/api/test/fixtures", { data: { scenario: "answer-cycle", cycleId } });
  expect(played.ok()).toBeTruthy();
  await page.reload();
  for (const who of [s.director, s.manager]) {
    await page.getByRole("button", { name: `Release early: ${who.name}` }).click();
    await page.getByRole("button", { name: "Release", exact: true }).click();
    // Released: the button gives way to the report (the cycle shares reports with HR).
    await expect(page.getByRole("link", { name: `Read ${who.name}'s report` })).toBeVisible();
  }
  await page.reload();
}

test.describe("issue 21: numbers that agree, and a running cycle HR can fix", () => {
  test("launch names its people; reminders ask first; the close date moves only later; every screen shows the same completion; the dashboard says why a team figure is missing", async ({
    page,
  }) => {
    test.setTimeout(budget(240_000));
    const s = await buildScenario<SmallOrganisation>(page, "small-organisation");
    await signIn(page, s.hr.email);

    // Launch names the people in scope, not just their number.
    const first = `Spring ${Date.now()}`;
    const cycleId = await draftCycle(page, first);
    await expect(page.getByText("2 people in scope")).toBeVisible();
    await expect(page.getByRole("list", { name: "People in scope" }).getByRole("listitem")).toHaveText(
      [s.director.name, s.manager.name].sort(),
    );
    await shot(page, "cycle-draft");
    await runAndReleaseEarly(page, cycleId, s);

    // Nothing is left to release early: no button offers what would fail.
    await expect(page.getByRole("button", { name: /Release early/ })).toHaveCount(0);

    // Reminders ask first, and say who gets one.
    await page.getByRole("button", { name: "Send reminders" }).click();
    await expect(page.getByText(/^Send reminders\? It goes to every rater who has not answered yet/)).toBeVisible();
    await page.getByRole("button", { name: "Cancel" }).click();

    // The close date: an earlier one is refused with a message and changes nothing; a later one moves it.
    const header = page.getByRole("heading", { name: first }).locator("..");
    const closes = await header.textContent();
    await page.getByLabel("New close date").fill(todayIso());
    await page.getByRole("button", { name: "Move the close date" }).click();
    await expect(page.getByText(/Choose a date after \d+ \w+ \d{4}\./)).toBeVisible();
    await page.reload();
    expect(await header.textContent()).toBe(closes);
    const later = addDaysIso(todayIso(), 40);
    await page.getByLabel("New close date").fill(later);
    await page.getByRole("button", { name: "Move the close date" }).click();
    await expect(page.getByText("Close date moved.")).toBeVisible();
    await page.reload();
    await expect(page.getByText(`to ${formatDate(`${later}T12:00:00Z`)}`)).toBeVisible();

    // One figure, in the same words, on the cycle page, the cycles list and the HR home.
    const figure = (await page
      .getByText(/\d+ of \d+ raters answered \(\d+%\)/)
      .first()
      .textContent())!.match(/\d+ of \d+ raters answered \(\d+%\)/)![0];
    await shot(page, "cycle-open");
    await page.goto("/cycles");
    await expect(page.getByRole("row", { name: new RegExp(first) })).toContainText(figure);
    await shot(page, "cycles-list");
    await page.goto("/");
    await expect(page.getByRole("listitem").filter({ hasText: first })).toContainText(figure);
    await shot(page, "hr-home");

    // Two people are no team: the dashboard says so rather than show their figures as one.
    await page.goto(`/dashboards?cycle=${cycleId}`);
    await expect(page.getByTestId("team-not-shown")).toHaveText(/Not shown: fewer than 3 people's reports behind this figure\./);
    await shot(page, "dashboard-one-cycle");

    // A second cycle of the same two: compared only as the same people, and not under k of them.
    await page.goto(`/cycles/${cycleId}`);
    await page.getByRole("button", { name: "Close the cycle now" }).click();
    await page.getByRole("button", { name: "Close now" }).click();
    await expect(page.getByText("Closed.")).toBeVisible();
    const second = `Autumn ${Date.now()}`;
    // Opening tomorrow, it opens at its launch (now): after the first, which opened at midnight.
    const secondId = await draftCycle(page, second, addDaysIso(todayIso(), 1));
    await runAndReleaseEarly(page, secondId, s);
    await page.goto(`/dashboards?cycle=${secondId}`);
    await expect(page.getByRole("heading", { name: `Compared with ${first}` })).toBeVisible();
    await expect(page.getByTestId("trend-population")).toHaveText("The same 2 people in both cycles.");
    await expect(page.getByTestId("trend-not-shown")).toContainText("fewer than 3 of the same people");
    await expect(page.getByRole("columnheader", { name: "Change" })).toHaveCount(0);
    await shot(page, "dashboard-trend");
  });

  test("a subject adds all suggested raters in one go, and after sending the page says what went out and what waits", async ({ page }) => {
    test.setTimeout(budget(120_000));
    const s = await buildScenario<OpenCycle>(page, "open-cycle");
    await signIn(page, s.manager.email);
    await page.getByRole("button", { name: `Start your feedback request in ${s.cycle.name}` }).click();
    await expect(page.getByRole("heading", { name: "Your feedback request" })).toBeVisible();
    await shot(page, "request-suggestions");

    // Line manager, four peers, three direct reports: one tap.
    await page.getByRole("button", { name: "Add all 8 suggested" }).click();
    await expect(page.getByRole("status").filter({ hasText: "8 raters added." })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Your raters (8)" })).toBeVisible();
    await expect(page.getByRole("button", { name: /Add all/ })).toHaveCount(0);

    // An external rater waits for approval; the directory raters are invited at once.
    await page.getByLabel("Name", { exact: true }).fill("Erin External");
    await page.getByLabel("E-mail address").fill(`erin.${Date.now()}@partner.test`);
    await page.getByRole("button", { name: "Add", exact: true }).click();
    await expect(page.getByRole("status").filter({ hasText: "Erin External added" })).toBeVisible();
    await page.getByLabel(/I understand that some groups are below the threshold/).check();
    await page.getByRole("button", { name: "Send 9 invitations" }).click();
    await expect(page.getByText("8 invitations sent. 1 rater waits for approval by your line manager or HR.")).toBeVisible();
    await page.reload();
    await expect(page.getByText("1 rater waits for approval")).toBeVisible();
    await expect(page.getByText(/^8 invitations have gone out\. The other rater is invited once/)).toBeVisible();
    await expect(page.getByText(/before the invitations go out/)).toHaveCount(0);
    await shot(page, "request-sent");
  });
});
