import type { Page } from "@playwright/test";
import { buildScenario, expect, expectAccessible, signIn, test } from "./support";

/**
 * Issue 22, the follow-up pulse: a subject whose report was released more than 90 days ago (the
 * fixture releases it 100 days back) and who chose two focus areas starts a pulse, finds the
 * report's raters already on its list, and once it has closed reads the change: shown for the
 * peers (three answered, k = 3) and the line manager, and said in words, with no number, for the
 * direct reports (one answered).
 */

interface DueReport {
  organisationId: string;
  requestId: string;
  manager: { email: string; name: string };
}

const WIDTHS = [
  { name: "phone", width: 375, height: 800 },
  { name: "desktop", width: 1366, height: 900 },
] as const;

async function shots(page: Page, name: string) {
  for (const size of WIDTHS) {
    await page.setViewportSize({ width: size.width, height: size.height });
    await expectAccessible(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${name} at ${size.width} px is wider than the screen`).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `shots/${name}-${size.name}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1366, height: 900 });
}

test("a subject runs a follow-up pulse that reaches k among peers and not among direct reports, and sees the change where it may be shown", async ({
  page,
}) => {
  const s = await buildScenario<DueReport>(page, "pulse-due-report");
  await signIn(page, s.manager.email);
  await page.goto(`/reports/${s.requestId}`);
  await page.getByRole("link", { name: "your follow-up pulse" }).click();
  await expect(page.getByRole("heading", { name: "Your follow-up pulse" })).toBeVisible();
  await expect(page.getByText("Taking and managing risk: takes calculated risks", { exact: false })).toBeVisible();
  await expect(page.getByText(/compared with three months ago/i)).toBeVisible();
  await shots(page, "pulse-start");

  await page.getByRole("button", { name: "Start the pulse and check raters" }).click();
  await expect(page).toHaveURL(/\/requests\/[0-9a-f-]{36}$/);
  // The report's raters are on the list, not yet invited.
  await expect(page.getByText("Erin External").first()).toBeVisible();

  // What raters answer, seen through the subject's own self-assessment of the pulse: the focus
  // items only, on the change scale, with no comment box per difference.
  await page.goto(`${new URL(page.url()).pathname}/self`);
  await expect(
    page.getByText(/Compared with three months ago, does each statement describe you more often or less often\?/).first(),
  ).toBeVisible();
  await expect(page.getByRole("radio", { name: /Much more often/ })).toHaveCount(2);
  await expect(page.getByLabel(/Anything to add about/)).toHaveCount(0);
  await shots(page, "pulse-survey");

  // Starting again is not offered: the pulse page shows it under way.
  await page.goto(`/reports/${s.requestId}/pulse`);
  await expect(page.getByText(/Your pulse is under way/)).toBeVisible();
  await shots(page, "pulse-running");

  const released = await page.request.post("/api/test/fixtures", {
    data: { scenario: "pulse-answer-and-release", requestId: s.requestId },
  });
  expect(released.ok()).toBeTruthy();
  await page.reload();
  await expect(page.getByText(/^Released /)).toBeVisible();
  const risk = page.locator("section", { has: page.getByRole("heading", { name: /Taking and managing risk/ }) });
  const peers = risk.getByRole("listitem").filter({ hasText: /^Peers/ });
  await expect(peers).toContainText("In the report3.0 out of 5 (n = 3)");
  await expect(peers).toContainText("more often: 4.0 on the change scale, where 3 is about the same (n = 3)");
  const reports = risk.getByRole("listitem").filter({ hasText: /^Direct reports/ });
  await expect(reports).toContainText("no change to show");
  await expect(reports).not.toContainText(/\d/);
  // The change is drawn too: a bar for each group whose change is shown, a reason for the rest.
  await expect(risk.getByRole("img", { name: /change by group/ })).toBeVisible();
  await shots(page, "pulse-result");

  // The pulse has no report of its own: its address leads back to the comparison, and it has no
  // CSV or PDF (alone, it would show a group the original report did not).
  const { pulseRequestId } = (await released.json()) as { pulseRequestId: string };
  await page.goto(`/reports/${pulseRequestId}`);
  await expect(page).toHaveURL(new RegExp(`/reports/${s.requestId}/pulse$`));
  for (const format of ["csv", "pdf"]) expect((await page.request.get(`/api/reports/${pulseRequestId}/${format}`)).status()).toBe(404);
});
