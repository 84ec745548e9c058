import type { Page } from "@playwright/test";
import { budget, buildScenario, expect, expectAccessible, type InvitedRater, linkIn, mailbox, phone, test } from "./support";

test.describe("a rater fills the survey", () => {
  test.use({ viewport: phone, isMobile: true, hasTouch: true });

  test("on a phone: opens the link, answers, leaves, comes back, finishes and submits exactly once", async ({ page, browser }) => {
    // A long journey (41-43 s on a quiet run of this machine): the default minute is too tight.
    test.setTimeout(budget(120_000));
    const s = await buildScenario<InvitedRater>(page, "invited-rater");
    const mail = await mailbox.waitFor(s.rater.email, (m) => m.subject.includes("would value your feedback"));
    const link = linkIn(mail);

    // Viewing the link changes nothing; the landing says who, which group, until when, and who sees what.
    const response = await page.goto(link);
    expect(response?.status()).toBe(200);
    expect(response?.headers()["referrer-policy"]).toBe("no-referrer");
    await expect(page.getByRole("heading", { name: `Feedback for ${s.manager.name}` })).toBeVisible();
    await expect(page.getByText("Direct report", { exact: true })).toBeVisible();
    await expect(page.getByText(/Nobody, including HR, can see your individual answers/)).toBeVisible();
    await expectAccessible(page);
    await page.getByRole("button", { name: "Start" }).click();
    await expect(page).toHaveURL(/\/survey\/[0-9a-f-]{36}$/);
    expect(page.url()).not.toContain(link.split("/s/")[1]!);

    // One difference per step on a phone.
    await expect(page.getByText("Step 1 of 9")).toBeVisible();
    await expectAccessible(page);
    const answerStep = async (choice: string, on: Page = page) => {
      for (const group of await on.locator("section:visible fieldset").all()) {
        await group.getByLabel(choice).check();
      }
    };
    // The first autosave answers with its result only: it sets no cookie (the session is fresh),
    // which would make Next render the whole survey page into every autosave's reply.
    const firstSave = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname.startsWith("/survey/"));
    await answerStep("Often");
    await page.getByLabel(/Anything to add about culture and processes/).fill("Clear priorities every week.");
    await page.getByRole("button", { name: "Next" }).click();
    await expect(page.getByText("Step 2 of 9")).toBeVisible();
    await answerStep("Sometimes");
    await expect(page.getByText(/^Saved \d\d:\d\d$/)).toBeVisible({ timeout: 10_000 });
    const saved = await firstSave;
    expect(saved.status()).toBe(200);
    expect(saved.headers()["set-cookie"]).toBeUndefined();
    expect(saved.headers()["x-action-revalidated"]).toBeUndefined();

    // Close the page; continue later in a new browser context with the same link (draft is on the server).
    await page.close();
    const later = await (await browser.newContext({ viewport: phone, isMobile: true, hasTouch: true })).newPage();
    await later.goto(link);
    await later.getByRole("button", { name: "Start" }).click();
    // It picks up at the first step with questions left; the earlier steps hold the draft.
    await expect(later.getByRole("heading", { name: "3. Taking and managing risk" })).toBeVisible();
    await later.getByRole("button", { name: "Back" }).click();
    await later.getByRole("button", { name: "Back" }).click();
    await expect(later.getByRole("heading", { name: "1. Culture and processes" })).toBeVisible();
    await expect(later.locator("section:visible fieldset").first().getByLabel("Often")).toBeChecked();
    await expect(later.getByLabel(/Anything to add about culture and processes/)).toHaveValue("Clear priorities every week.");

    for (let step = 1; step <= 8; step++) {
      await later.getByRole("button", { name: "Next" }).click();
      if (step < 8) {
        if (step > 1) await answerStep(step % 2 ? "Almost always" : "Not observed", later);
        await expectAccessible(later);
      }
    }
    await expect(later.getByRole("heading", { name: "In your own words" })).toBeVisible();
    await later.getByLabel(/keep doing/).fill("Keep the calm, clear weekly planning.");
    await expectAccessible(later);
    await later.getByRole("button", { name: "Submit feedback" }).click();
    await expect(later.getByText(/Your feedback has been submitted/)).toBeVisible();
    await expectAccessible(later);

    // A second submit from a stale tab: nothing changes, the rater is told they can revise.
    const stale = await (await browser.newContext({ viewport: phone })).newPage();
    await stale.goto(link);
    await stale.getByRole("button", { name: "Start" }).click();
    await expect(stale.getByText(/You have already submitted your feedback. You can revise it until/)).toBeVisible();
    await stale.getByRole("button", { name: "Revise your answers" }).click();
    await expect(stale.locator("section:visible fieldset").first().getByLabel("Often")).toBeChecked();
  });

  test("autosave keeps every change: one made while a save is on its way, and one left on moving to the next step", async ({
    page,
    browser,
  }) => {
    const s = await buildScenario<InvitedRater>(page, "invited-rater");
    const link = linkIn(await mailbox.waitFor(s.rater.email, (m) => m.subject.includes("would value your feedback")));
    await page.goto(link);
    await page.getByRole("button", { name: "Start" }).click();
    await expect(page.getByText("Step 1 of 9")).toBeVisible();
    const isSave = (r: { method(): string; url(): string }) => r.method() === "POST" && new URL(r.url()).pathname.startsWith("/survey/");

    // The first save is held up on the network for 3 s; the comment typed meanwhile must follow it.
    let held = false;
    await page.route("**/survey/**", async (route) => {
      if (!held && isSave(route.request())) {
        held = true;
        await new Promise((resolve) => setTimeout(resolve, 3000));
      }
      await route.continue();
    });
    const firstSave = page.waitForRequest(isSave);
    await page.locator("section:visible fieldset").first().getByLabel("Often").check();
    await firstSave;
    const comment = "Typed while the first save was on its way.";
    const followUp = page.waitForResponse((r) => isSave(r.request()) && (r.request().postData() ?? "").includes(comment), {
      timeout: 8000,
    });
    await page.getByLabel(/Anything to add about culture and processes/).fill(comment);
    // Saved right after the held one; before, it waited for the rater's next change.
    expect((await followUp).status()).toBe(200);
    await page.unroute("**/survey/**");

    // Moving to the next step saves at once rather than 1.2 s later.
    await page.locator("section:visible fieldset").nth(1).getByLabel("Sometimes").check();
    const nextRequest = page.waitForRequest(isSave, { timeout: 800 });
    const nextResponse = page.waitForResponse((r) => isSave(r.request()));
    await page.getByRole("button", { name: "Next" }).click();
    await nextRequest;
    expect((await nextResponse).status()).toBe(200);

    const later = await (await browser.newContext({ viewport: phone, isMobile: true, hasTouch: true })).newPage();
    await later.goto(link);
    await later.getByRole("button", { name: "Start" }).click();
    // Step 1 is complete, so the survey resumes at step 2; its draft is one step back.
    await expect(later.getByText("Step 2 of 9")).toBeVisible();
    await later.getByRole("button", { name: "Back" }).click();
    await expect(later.getByLabel(/Anything to add about culture and processes/)).toHaveValue(comment);
    await expect(later.locator("section:visible fieldset").nth(1).getByLabel("Sometimes")).toBeChecked();
  });

  test("a link that does not exist gets a friendly 404 that says nothing about any request", async ({ page }) => {
    const response = await page.goto("/s/" + "x".repeat(43));
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "This link does not work" })).toBeVisible();
    expect(response?.headers()["referrer-policy"]).toBe("no-referrer");
    await expectAccessible(page);
  });

  test("the survey page without a session is a 404", async ({ page }) => {
    const s = await buildScenario<InvitedRater>(page, "invited-rater");
    const response = await page.goto(`/survey/${s.requestId}`);
    expect(response?.status()).toBe(404);
  });
});

/**
 * Issue 21 item 6: a reload or a new visit opened the survey at step 1 whatever was answered. It
 * resumes from the draft the server keeps: at the first step with questions left.
 */
for (const device of [
  { name: "phone", use: { viewport: phone, isMobile: true, hasTouch: true } },
  { name: "desktop", use: { viewport: { width: 1366, height: 900 } } },
] as const) {
  test.describe(`the survey resumes where the rater left off (${device.name})`, () => {
    test.use(device.use);

    test("answer steps 1 and 2, reload: step 3; a new visit through a fresh link: step 3", async ({ page, browser }) => {
      test.setTimeout(budget(90_000));
      const s = await buildScenario<InvitedRater>(page, "invited-rater");
      const link = linkIn(await mailbox.waitFor(s.rater.email, (m) => m.subject.includes("would value your feedback")));
      await page.goto(link);
      await page.getByRole("button", { name: "Start" }).click();
      const sections = page.locator("form > section");
      const answer = async (index: number, choice: string) => {
        for (const group of await sections.nth(index).locator("fieldset").all()) await group.getByLabel(choice).check();
      };
      const isSave = (r: { method(): string; url(): string }) => r.method() === "POST" && new URL(r.url()).pathname.startsWith("/survey/");
      await expect(page.getByRole("heading", { name: "1. Culture and processes" })).toBeVisible();
      const firstSave = page.waitForResponse((r) => isSave(r.request()), { timeout: budget(15_000) });
      await answer(0, "Often");
      // On a phone, Next saves step 1 at once; on a wide screen autosave does, a moment later.
      if (device.name === "phone") await page.getByRole("button", { name: "Next" }).click();
      expect((await firstSave).status()).toBe(200);
      const secondSave = page.waitForResponse((r) => isSave(r.request()), { timeout: budget(15_000) });
      await answer(1, "Sometimes");
      expect((await secondSave).status()).toBe(200);

      const landsOnStep3 = async (on: Page) => {
        const third = on.getByRole("heading", { name: "3. Taking and managing risk" });
        await expect(third).toBeInViewport();
        await expect(third).toBeFocused();
        await expect(
          on.getByText(/Welcome back: your answers so far are saved. You left off at 3. Taking and managing risk/),
        ).toBeVisible();
        if (device.name === "phone") {
          await expect(on.getByText("Step 3 of 9")).toBeVisible();
          await expect(on.getByRole("heading", { name: "1. Culture and processes" })).toBeHidden();
        }
        // What was answered is still there.
        await expect(on.locator("form > section").nth(0).locator("fieldset").first().getByLabel("Often")).toBeChecked();
        await expect(on.locator("form > section").nth(1).locator("fieldset").first().getByLabel("Sometimes")).toBeChecked();
        await expectAccessible(on);
      };
      await page.reload();
      await landsOnStep3(page);
      await page.screenshot({ path: `shots/survey-resumed-${device.name}.png` });

      const later = await (await browser.newContext(device.use)).newPage();
      await later.goto(link);
      await later.getByRole("button", { name: "Start" }).click();
      await landsOnStep3(later);
    });
  });
}
