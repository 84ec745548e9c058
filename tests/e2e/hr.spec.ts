import { budget, buildScenario, expect, expectAccessible, signIn, test } from "./support";

interface HrOnly {
  organisationId: string;
  suffix: string;
  hr: { email: string; name: string };
}

function directoryCsv(sfx: string) {
  const e = (first: string) => `${first.toLowerCase()}.${sfx}@imported.test`;
  const rows = [
    ["Hannah Head", e("hannah"), "Platform", ""],
    ["Leo Lead", e("leo"), "Platform", e("hannah")],
    ["Lara Lead", e("lara"), "Platform", e("hannah")],
    ...["Ada", "Ben", "Cas", "Dev"].map((n) => [`${n} Engineer`, e(n), "Platform", e("leo")]),
    ...["Eve", "Fin", "Gus", "Hal"].map((n) => [`${n} Engineer`, e(n), "Platform", e("lara")]),
    ["Dina Design", e("dina"), "Design", e("hannah")],
    ...["Ivy", "Jay", "Kim", "Lou", "Max", "Ned", "Oli", "Pam"].map((n) => [`${n} Designer`, e(n), "Design", e("dina")]),
  ];
  return ["name,email,team,line manager's email", ...rows.map((r) => r.join(","))].join("\n");
}

test.describe("HR runs a cycle", () => {
  test("imports a directory, launches a cycle for one team, follows completion, closes, releases and reads the team dashboard", async ({
    page,
  }) => {
    test.setTimeout(budget(180_000));
    const s = await buildScenario<HrOnly>(page, "hr-only");
    await signIn(page, s.hr.email);

    // Directory import: a bad file imports nothing and lists every problem with its row.
    await page.getByRole("link", { name: "People" }).click();
    await page.getByRole("link", { name: "Import from CSV" }).click();
    const good = directoryCsv(s.suffix);
    const bad = good
      .replace(`ada.${s.suffix}@imported.test`, "ada-at-nowhere")
      .replace(`,Design,hannah.${s.suffix}@imported.test`, `,Design,ghost@imported.test`);
    await page.getByLabel("Or paste the rows").fill(bad);
    await page.getByRole("button", { name: "Check the file" }).click();
    await expect(page.getByText("2 problems to fix in the file")).toBeVisible();
    await expect(page.getByRole("cell", { name: '"ada-at-nowhere" is not a valid e-mail address.' })).toBeVisible();
    await expect(page.getByRole("button", { name: /^Import \d+/ })).toHaveCount(0);
    await expectAccessible(page);
    await page.getByLabel("Or paste the rows").fill(good);
    await page.getByRole("button", { name: "Check the file" }).click();
    await expect(page.getByText("20 rows: 20 new, 0 updated, 0 unchanged.")).toBeVisible();
    await page.getByRole("button", { name: "Import 20 people" }).click();
    await expect(page.getByText("20 added and 0 updated.")).toBeVisible();
    await page.getByRole("link", { name: "See the directory" }).click();
    await expect(page.getByRole("link", { name: "Leo Lead" })).toBeVisible();
    await expectAccessible(page);

    // A cycle for the Platform team: a bad threshold is refused with a field error.
    await page.getByRole("link", { name: "Cycles" }).first().click();
    await page.getByRole("link", { name: "New cycle" }).click();
    await page.getByLabel("Name", { exact: true }).fill(`Platform 360 ${s.suffix}`);
    await page.getByLabel("Anonymity threshold (k)").fill("2");
    await page.getByLabel("People with direct reports in these teams:").check();
    await page.getByLabel("Platform").check();
    await page.getByRole("button", { name: "Save as draft" }).click();
    await expect(page.getByText("The anonymity threshold must be at least 3.")).toBeVisible();
    await page.getByLabel("Anonymity threshold (k)").fill("3");
    await expectAccessible(page);
    await page.getByRole("button", { name: "Save as draft" }).click();
    await expect(page.getByRole("heading", { name: `Platform 360 ${s.suffix}` })).toBeVisible();
    const cycleId = page.url().split("/cycles/")[1]!;
    await page.getByRole("button", { name: "Launch for 3 people" }).click();
    await page.getByRole("button", { name: "Launch now" }).click();
    await expect(page.getByText("Launched: 3 feedback requests created and their owners e-mailed.")).toBeVisible();

    // Everyone chooses raters and answers (played by the fixture), then HR follows completion.
    const played = await page.request.post("/api/test/fixtures", { data: { scenario: "answer-cycle", cycleId } });
    expect(played.ok()).toBeTruthy();
    await page.reload();
    await expect(page.getByText("Response rate", { exact: true })).toBeVisible();
    await expect(page.getByRole("table", { name: "Response rate per team" })).toBeVisible();
    await expectAccessible(page);

    await page.getByRole("button", { name: "Close the cycle now" }).click();
    await page.getByRole("button", { name: "Close now" }).click();
    await expect(page.getByText("Closed. You can now release the reports.")).toBeVisible();
    await page.reload();
    await page.getByRole("button", { name: "Release all reports" }).click();
    await page.getByRole("button", { name: "Release all", exact: true }).click();
    await expect(page.getByText("3 reports released.")).toBeVisible();

    await page.reload();
    await page.getByRole("link", { name: "Team dashboard" }).first().click();
    await expect(page.getByRole("table", { name: "Others' average rating per person and difference" })).toBeVisible();
    await expect(page.getByRole("rowheader", { name: "Leo Lead" })).toBeVisible();
    await expectAccessible(page);
    const csv = await (await page.request.get(`/api/dashboards/csv?cycle=${cycleId}`)).text();
    expect(csv).toContain("level,who,item,others' mean,n,note");
    expect(csv).toMatch(/\nteam,Whole organisation,Culture and processes: Shapes the culture,\d\.\d\d,\d+,/);

    await page.getByRole("link", { name: "Audit log" }).click();
    await expect(page.getByRole("rowheader", { name: "Exported a dashboard" })).toBeVisible();
    await expect(page.getByRole("rowheader", { name: "Released all reports of a cycle" })).toBeVisible();
    await expectAccessible(page);
  });

  test("HR of one organisation gets 404 for another's cycle, person and dashboard export", async ({ page }) => {
    const mine = await buildScenario<HrOnly>(page, "hr-only");
    const theirs = await buildScenario<{ organisationId: string; manager: { id: string } }>(page, "small-organisation");
    await signIn(page, mine.hr.email);
    expect((await page.goto(`/people/${theirs.manager.id}`))?.status()).toBe(404);
    expect((await page.goto(`/cycles/00000000-0000-4000-8000-000000000000`))?.status()).toBe(404);
  });
});
