import { budget, buildScenario, expect, expectAccessible, linkIn, mailbox, type OpenCycle, signIn, test } from "./support";

test.describe("a manager asks for feedback", () => {
  test("starts a request, nominates 8 raters, sees the anonymity preview, sends; 8 e-mails arrive and a link opens the survey", async ({
    page,
    browser,
  }) => {
    // A long journey: two sign-ins (each link leaves 0.5-2.5 s after it is asked for), an approval
    // and eight e-mails; 44 s on a quiet run of this machine, so the default minute is too tight.
    test.setTimeout(budget(120_000));
    const s = await buildScenario<OpenCycle>(page, "open-cycle");
    await signIn(page, s.manager.email);

    // Start the request in the HR cycle from the dashboard.
    await page.getByRole("button", { name: `Start your feedback request in ${s.cycle.name}` }).click();
    await expect(page.getByRole("heading", { name: "Your feedback request" })).toBeVisible();
    await expectAccessible(page);

    // Suggestions from the reporting lines: line manager, 3 of the peers, 3 direct reports.
    await page.getByRole("button", { name: `Add ${s.director.name} as line manager` }).click();
    await expect(page.getByRole("status").filter({ hasText: `${s.director.name} added` })).toBeVisible();
    for (const peer of s.peers.slice(1, 3)) {
      await page.getByRole("button", { name: `Add ${peer.name} as peer` }).click();
      await expect(page.getByRole("status").filter({ hasText: `${peer.name} added` })).toBeVisible();
    }
    // The anonymity preview warns while peers are under the threshold.
    await expect(page.getByText("Peers: 2 nominated, at least 3 needed: their answers would be hidden.")).toBeVisible();

    // The third peer via the directory search.
    await page.getByLabel("Name or e-mail").fill(s.peers[3]!.email);
    await page.getByRole("button", { name: `Add ${s.peers[3]!.name}` }).click();
    await expect(page.getByRole("status").filter({ hasText: `${s.peers[3]!.name} added as peer` })).toBeVisible();

    for (const report of s.reports) {
      await page.getByRole("button", { name: `Add ${report.name} as direct report` }).click();
      await expect(page.getByRole("status").filter({ hasText: `${report.name} added` })).toBeVisible();
    }
    // An external rater with a malformed address gets a field error and nothing is saved.
    await page.getByLabel("Name", { exact: true }).fill("Erin External");
    await page.getByLabel("E-mail address").fill("erin@");
    await page.getByRole("button", { name: "Add", exact: true }).click();
    await expect(page.getByText("Enter an e-mail address such as name@example.com.")).toBeVisible();
    const external = `erin.${Date.now()}@partner.test`;
    await page.getByLabel("E-mail address").fill(external);
    await page.getByRole("button", { name: "Add", exact: true }).click();
    await expect(page.getByRole("status").filter({ hasText: "Erin External added" })).toBeVisible();

    await expect(page.getByRole("heading", { name: "Your raters (8)" })).toBeVisible();
    await expect(page.getByText("Peers: 3 nominated, enough to be shown")).toBeVisible();
    await expect(page.getByText("Direct reports: 3 nominated, enough to be shown")).toBeVisible();
    // One external rater is below the threshold: sending needs an explicit confirmation.
    await expect(page.getByText("Other rater: 1 nominated, at least 3 needed")).toBeVisible();
    await expectAccessible(page);
    const send = page.getByRole("button", { name: "Send 8 invitations" });
    await expect(send).toBeDisabled();
    const since = Date.now();
    await page.getByLabel(/I understand that some groups are below the threshold/).check();
    await send.click();
    // Directory raters are invited at once; the external rater waits for the line manager's approval.
    await expect(page.getByText("7 invitations sent. 1 rater waits for approval by your line manager or HR.")).toBeVisible();

    const approver = await browser.newContext();
    const approverPage = await approver.newPage();
    await signIn(approverPage, s.director.email);
    await approverPage.getByRole("link", { name: `Review ${s.manager.name}'s raters` }).click();
    await expect(approverPage.getByRole("heading", { name: `Approve ${s.manager.name}'s raters` })).toBeVisible();
    await expectAccessible(approverPage);
    await approverPage.getByRole("button", { name: "Approve and send invitations" }).click();
    await expect(approverPage.getByText("Approved: 1 invitation sent.")).toBeVisible();
    await approver.close();

    const recipients = [s.director, ...s.peers.slice(1, 4), ...s.reports].map((p) => p.email).concat(external);
    const mails = await Promise.all(
      recipients.map((to) => mailbox.waitFor(to, (m) => m.subject.includes("would value your feedback"), { since })),
    );
    expect(mails).toHaveLength(8);
    expect(new Set(mails.map((m) => linkIn(m))).size).toBe(8);
    expect(mails[0]!.html).toContain("Give your feedback");
    await page.reload();

    // Progress shows, per group, only whether it has enough answers: no count that moves with each one.
    const progress = page.getByRole("region", { name: "Progress" });
    await expect(progress.getByText("3 invited").first()).toBeVisible();
    await expect(progress.getByText("Not enough answers yet").first()).toBeVisible();
    await expect(progress.getByText(/responded|declined/)).toHaveCount(0);

    // One link opens the survey page, in a fresh browser (the rater has no account).
    const raterContext = await browser.newContext();
    const rater = await raterContext.newPage();
    await rater.goto(linkIn(mails[4]!));
    await expect(rater.getByRole("heading", { name: `Feedback for ${s.manager.name}` })).toBeVisible();
    await expect(rater.getByText("You are rating as")).toBeVisible();
    await raterContext.close();
  });

  test("a manager without an HR cycle starts a personal request with a close date", async ({ page }) => {
    const s = await buildScenario<OpenCycle>(page, "small-organisation");
    await signIn(page, s.manager.email);
    await page.getByRole("link", { name: "Ask for feedback on your own" }).click();
    await expectAccessible(page);
    await page.getByLabel("Close date").fill("2020-01-01");
    await page.getByRole("button", { name: "Start and choose raters" }).click();
    await expect(page.getByText("Choose a date after today.")).toBeVisible();
    const inTenDays = new Date(Date.now() + 10 * 86400_000).toISOString().slice(0, 10);
    await page.getByLabel("Close date").fill(inTenDays);
    await page.getByRole("button", { name: "Start and choose raters" }).click();
    await expect(page.getByRole("heading", { name: "Your feedback request" })).toBeVisible();
    await expect(page.getByText(/personal feedback/)).toBeVisible();
  });

  test("someone else's request is a 404", async ({ page }) => {
    const s = await buildScenario<OpenCycle>(page, "open-cycle");
    await signIn(page, s.reports[0]!.email);
    const response = await page.goto(`/requests/00000000-0000-4000-8000-000000000000`);
    expect(response?.status()).toBe(404);
  });
});
