import { buildScenario, expect, expectAccessible, signIn, test } from "./support";

interface ReleasedReport {
  organisationId: string;
  requestId: string;
  manager: { email: string; name: string };
  hr: { email: string };
  director: { email: string };
}

test.describe("reports", () => {
  test("the subject reads a released report: radar, per-group bars, 2 peers hidden and left out of 'all others'; CSV and JSON agree", async ({
    page,
  }) => {
    const s = await buildScenario<ReleasedReport>(page, "released-report-two-peers");
    await signIn(page, s.manager.email);
    await page.getByRole("link", { name: /Read your .* report/ }).click();
    await expect(page.getByRole("heading", { name: "Your 360 report" })).toBeVisible();

    await expect(page.getByText("As a leader", { exact: true })).toBeVisible();
    await expect(page.getByText("As a manager", { exact: true })).toBeVisible();
    await expect(page.locator(".recharts-surface").first()).toBeVisible();

    const groups = page.getByRole("table", { name: "Rater groups" });
    await expect(groups.getByRole("rowheader", { name: "Peers" })).toHaveCount(0);
    await expect(groups.getByRole("row", { name: /Other raters \(pooled\) 2/ })).toBeVisible();

    const culture = page.getByRole("table", { name: /Leadership: Shapes the culture/ });
    await expect(culture.getByRole("row", { name: /All raters except self 4\.0 \(n=4\)/ })).toBeVisible();
    await expect(
      culture.getByRole("row", { name: /Other raters \(pooled\) Fewer than 3 raters in small groups answered this/ }),
    ).toBeVisible();
    await expect(page.getByText("Develop note from a peer")).toHaveCount(0);
    await expect(page.getByText("Develop note from a direct_report").first()).toBeVisible();
    await page.getByText("Show these numbers as a table").click();
    await expectAccessible(page);

    const csv = await (await page.request.get(`/api/reports/${s.requestId}/csv`)).text();
    expect(csv).toContain("Other raters (pooled),suppressed,,,");
    expect(csv).toContain("All raters except self,shown,4,4.00");
    expect(csv).not.toContain("Develop note from a peer");
    const json = await (await page.request.get(`/api/reports/${s.requestId}`)).json();
    const item = json.items.find((i: { key: string }) => i.key === "culture.leadership");
    expect(item.cells.find((c: { group: string }) => c.group === "others")).toEqual({ group: "others", status: "shown", n: 4, mean: 4 });
    expect(item.cells.find((c: { group: string }) => c.group === "pooled").status).toBe("suppressed");
    expect(JSON.stringify(json)).not.toContain("Develop note from a peer");
    const pdf = await page.request.get(`/api/reports/${s.requestId}/pdf`);
    expect(pdf.headers()["content-type"]).toBe("application/pdf");
  });

  test("on a phone the report is readable and accessible", async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 740 });
    const s = await buildScenario<ReleasedReport>(page, "released-report-two-peers");
    await signIn(page, s.director.email);
    await page.goto(`/reports/${s.requestId}`);
    await expect(page.getByRole("heading", { name: `${s.manager.name}'s 360 report` })).toBeVisible();
    await expectAccessible(page);
  });

  test("someone with no part in a report gets 404 everywhere", async ({ page }) => {
    const s = await buildScenario<ReleasedReport>(page, "released-report-two-peers");
    const other = await buildScenario<ReleasedReport>(page, "released-report-two-peers");
    await signIn(page, other.hr.email);
    expect((await page.goto(`/reports/${s.requestId}`))?.status()).toBe(404);
    expect((await page.request.get(`/api/reports/${s.requestId}`)).status()).toBe(404);
    expect((await page.request.get(`/api/reports/${s.requestId}/csv`)).status()).toBe(404);
    expect((await page.request.get(`/api/reports/${s.requestId}/pdf`)).status()).toBe(404);
  });
});
