import type { Page } from "@playwright/test";
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
    await expect(page.getByRole("img", { name: /As a leader: radar chart/ })).toBeVisible();

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

/**
 * Issue 21 item 7: on a phone the report was about 12,000 px with no contents; the radar cut its
 * labels ("3. Taking") and started its radius at 0 on a 1-5 scale; the pole map's marks lay on top
 * of each other; the bars had no axis (and ran from 0).
 */
for (const device of [
  { name: "phone", viewport: { width: 375, height: 740 }, phone: true },
  { name: "desktop", viewport: { width: 1366, height: 900 }, phone: false },
] as const) {
  test(`the report on a ${device.name}: contents, whole radar labels from the scale's minimum, marks apart, bars on an axis`, async ({
    page,
  }) => {
    await page.setViewportSize(device.viewport);
    const s = await buildScenario<ReleasedReport>(page, "released-report-two-peers");
    await signIn(page, s.manager.email);
    await page.goto(`/reports/${s.requestId}`);
    await expect(page.getByRole("heading", { name: "Your 360 report" })).toBeVisible();

    // Contents first, each entry jumping to its section.
    const contents = page.getByRole("navigation", { name: "Contents" });
    await expect(contents).toBeVisible();
    expect(await contents.getByRole("link").count()).toBeGreaterThanOrEqual(7);
    await contents.getByRole("link", { name: /Difference by difference/ }).click();
    await expect(page).toHaveURL(/#differences-heading$/);
    await expect(page.getByRole("heading", { name: "Difference by difference, per group" })).toBeInViewport();

    // The radar: an image with a title and a description, whole labels, rings from the minimum.
    const radar = page.getByRole("img", { name: /As a leader: radar chart/ });
    await expect(radar).toBeVisible();
    const words = await radar.locator("text").allTextContents();
    // The whole title, wrapped over lines as needed (it was cut to "3. Taking").
    expect(words.join(" ")).toMatch(/3\.\s+Taking\s+and\s+managing\s+risk/);
    const rings = words.filter((w) => /^\d$/.test(w)).map(Number);
    expect(rings).toEqual([2, 3, 4, 5]); // the centre is 1, the scale's minimum; no 0 ring
    expect(await radar.evaluate((svg) => svg.querySelector("desc")?.textContent)).toMatch(/from 1 at the centre to 5/);
    const labelsFit = await radar.evaluate((svg) => {
      const box = svg.getBoundingClientRect();
      return [...svg.querySelectorAll("text")].every((t) => {
        const r = t.getBoundingClientRect();
        return r.left >= box.left - 1 && r.right <= box.right + 1;
      });
    });
    expect(labelsFit, "every radar label inside the chart").toBe(true);

    // The pole map: each group in its own lane, so no two marks share a place.
    const lanes = await page
      .locator("#bipolar-heading ~ ol li")
      .first()
      .evaluate((li) => [...li.querySelectorAll("svg > svg")].map((m) => m.getAttribute("y")));
    expect(lanes.length).toBeGreaterThan(1);
    expect(new Set(lanes).size).toBe(lanes.length);

    // Bars: from the scale's minimum, on a numbered value axis.
    const culture = page.getByRole("table", { name: /Leadership: Shapes the culture/ });
    if (device.phone) {
      // Folded on a phone, to its title and others' figures; it opens on a tap.
      await expect(culture).toBeHidden();
      await page.locator("summary", { hasText: "1. Culture and processes" }).click();
    }
    await expect(culture).toBeVisible();
    await expect(culture.locator("tfoot span")).toHaveText(["1", "2", "3", "4", "5"]);
    const bar = await culture.getByRole("row", { name: /All raters except self 4\.0 \(n=4\)/ }).evaluate((row) => {
      const track = row.querySelector("i")!.getBoundingClientRect();
      const fill = row.querySelector("i > b")!.getBoundingClientRect();
      return fill.width / track.width;
    });
    expect(bar).toBeCloseTo(0.75, 2); // 4.0 on 1-5 is three quarters of the way, not 4/5 of 70 %
    await expectAccessible(page);

    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    console.log(`report height on a ${device.name}: ${height} px`);
    if (device.phone) expect(height).toBeLessThan(8000);
    await page.evaluate(() => window.scrollTo(0, 0));
    await shoot(page, `report-${device.name}`);
  });
}

async function shoot(page: Page, name: string) {
  await page.screenshot({ path: `shots/${name}.png`, fullPage: true });
}
