import type { Page } from "@playwright/test";
import { budget, buildScenario, expect, expectAccessible, type InvitedRater, linkIn, mailbox, phone, signIn, test } from "./support";

/**
 * Issue 21, items 1, 2 and 9: what a signed-in person is asked for, every link on a demo home
 * page, and destinations that survive signing in (e-mails' links included).
 */

const desktop = { width: 1366, height: 900 };
const viewports = [
  { name: "phone", use: { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true } },
  { name: "desktop", use: { viewport: desktop } },
] as const;

type Person = { id: string; email: string; name: string };

/** Sign in from the sign-in page the browser is on (keeping its callbackUrl), then follow the link. */
async function signInHere(page: Page, email: string, tamper?: (link: URL) => void) {
  const since = Date.now();
  await page.getByLabel("Work e-mail address").fill(email);
  await page.getByRole("button", { name: "E-mail me a sign-in link" }).click();
  await expect(page.getByRole("heading", { name: "Check your e-mail" })).toBeVisible();
  const link = new URL(linkIn(await mailbox.waitFor(email, (m) => m.subject.includes("sign-in link"), { since })));
  tamper?.(link);
  await page.goto(link.toString());
  await page.getByRole("button", { name: "Sign in" }).click();
}

const shot = (page: Page, name: string) => page.screenshot({ path: `shots/${name}.png`, fullPage: true });

for (const vp of viewports) {
  test.describe(`feedback asked of you (${vp.name})`, () => {
    test.use(vp.use);

    test("a rater with an account sees the request on their home, e-mails themselves the link, answers; the card does not change", async ({
      page,
    }) => {
      test.setTimeout(budget(150_000));
      const s = await buildScenario<InvitedRater>(page, "invited-rater");
      await signIn(page, s.rater.email);
      const section = page.getByRole("region", { name: "Feedback asked of you" });
      await expect(section.getByRole("heading", { name: s.manager.name })).toBeVisible();
      await expect(section.getByText(`The survey opens from a link we e-mail to you at ${s.rater.email}`)).toBeVisible();
      await expect(page.getByText("Nothing to do right now")).toHaveCount(0);
      const before = await section.innerText();
      await shot(page, `asked-home-${vp.name}`);
      await expectAccessible(page);

      const since = Date.now();
      await section.getByRole("button", { name: `E-mail me my link to give ${s.manager.name} feedback` }).click();
      await expect(section.getByText(`Sent. Open the e-mail to ${s.rater.email} and follow its link to the survey.`)).toBeVisible();
      await shot(page, `asked-sent-${vp.name}`);
      await expectAccessible(page);
      const mail = await mailbox.waitFor(s.rater.email, (m) => m.subject === `Your link to give ${s.manager.name} feedback`, { since });

      await page.goto(linkIn(mail));
      await expect(page.getByRole("heading", { name: `Feedback for ${s.manager.name}` })).toBeVisible();
      await page.getByRole("button", { name: "Start" }).click();
      // A phone shows one difference per step, a desktop all of them on one page.
      await expect(page.getByRole("heading", { name: "1. Culture and processes" })).toBeVisible();
      const submit = page.getByRole("button", { name: "Submit feedback" });
      for (let step = 1; step <= 9; step++) {
        for (const group of await page.locator("section:visible fieldset").all()) await group.getByLabel("Often").check();
        if (await submit.isVisible()) break;
        await page.getByRole("button", { name: "Next" }).click();
        await expect(page.getByText(`Step ${step + 1} of 9`)).toBeVisible();
      }
      await page.getByLabel(/keep doing/).fill("Keep the weekly planning.");
      await submit.click();
      await expect(page.getByText(/Your feedback has been submitted/)).toBeVisible();

      // Home again: the same card, word for word. Nothing on it says they answered.
      await page.goto("/");
      await expect(section.getByRole("heading", { name: s.manager.name })).toBeVisible();
      expect(await section.innerText()).toBe(before);
    });
  });
}

test.describe("the demo's home pages", () => {
  test.use({ viewport: desktop });

  test("every link on each demo person's home answers 200, Sam's first click included", async ({ browser }) => {
    test.setTimeout(budget(180_000));
    const people = ["priya.shah", "sam.okafor", "aisha.khan", "ben.carter"].map((p) => `${p}@brightwater.example`);
    for (const email of people) {
      const context = await browser.newContext({ viewport: desktop });
      const page = await context.newPage();
      await signIn(page, email);
      const hrefs = await page.locator("a[href^='/']").evaluateAll((as) => [...new Set(as.map((a) => a.getAttribute("href")!))]);
      expect(hrefs.length, email).toBeGreaterThan(0);
      for (const href of hrefs) {
        const response = await page.request.get(href, { maxRedirects: 0 });
        expect(response.status(), `${email}: ${href}`).toBe(200);
      }
      if (email.startsWith("sam.")) {
        // Sam is a peer on Claire's and Tom's open requests: both are asked of him.
        const asked = page.getByRole("region", { name: "Feedback asked of you" });
        await expect(asked.getByRole("heading", { name: "Claire Dubois" })).toBeVisible();
        await expect(asked.getByRole("heading", { name: "Tom Becker" })).toBeVisible();
        await shot(page, "demo-sam-home-desktop");
        await expectAccessible(page);
        await page.getByRole("link", { name: /Read Aisha Khan's .* report/ }).click();
        await expect(page.getByRole("heading", { name: "Aisha Khan's 360 report" })).toBeVisible();
      }
      await context.close();
    }
  });
});

test.describe("destinations survive signing in", () => {
  test.use({ viewport: desktop });

  test("HR releases early; the subject's 'report is ready' e-mail leads, through sign-in, to the report", async ({ page, browser }) => {
    test.setTimeout(budget(120_000));
    const s = await buildScenario<{ cycleId: string; requestId: string; manager: Person; hr: Person }>(page, "answered-open-request");
    await signIn(page, s.hr.email);
    await page.goto(`/cycles/${s.cycleId}`);
    const since = Date.now();
    await page.getByRole("button", { name: `Release early: ${s.manager.name}` }).click();
    await page.getByRole("button", { name: "Release", exact: true }).click();
    // The card turns into the released one (its button, and the "Released." beside it, go).
    await expect(page.getByText("Report released")).toBeVisible();

    const mail = await mailbox.waitFor(s.manager.email, (m) => m.subject.includes("report is ready"), { since });
    expect(linkIn(mail)).toMatch(new RegExp(`/reports/${s.requestId}$`));
    const subject = await (await browser.newContext({ viewport: desktop })).newPage();
    await subject.goto(linkIn(mail));
    await expect(subject).toHaveURL(new RegExp(`/sign-in\\?callbackUrl=%2Freports%2F${s.requestId}$`));
    await shot(subject, "sign-in-with-destination-desktop");
    await expectAccessible(subject);
    await signInHere(subject, s.manager.email);
    await expect(subject).toHaveURL(new RegExp(`/reports/${s.requestId}$`));
    await expect(subject.getByRole("heading", { name: "Your 360 report" })).toBeVisible();
  });

  test("the approval e-mail and the launch e-mail land on the page they are about", async ({ page, browser }) => {
    test.setTimeout(budget(120_000));
    const approval = await buildScenario<{ requestId: string; manager: Person; director: Person }>(page, "awaiting-approval");
    const approvalMail = await mailbox.waitFor(
      approval.director.email,
      (m) => m.subject === `Please approve ${approval.manager.name}'s raters`,
    );
    await page.goto(linkIn(approvalMail));
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);
    await signInHere(page, approval.director.email);
    await expect(page).toHaveURL(new RegExp(`/requests/${approval.requestId}$`));
    await expect(page.getByRole("heading", { name: `Approve ${approval.manager.name}'s raters` })).toBeVisible();

    const launched = await buildScenario<{ requestId: string; manager: Person }>(page, "launched-cycle");
    const launchMail = await mailbox.waitFor(launched.manager.email, (m) => m.subject.includes("choose who rates you"));
    const other = await (await browser.newContext({ viewport: phone, isMobile: true, hasTouch: true })).newPage();
    await other.goto(linkIn(launchMail));
    await signInHere(other, launched.manager.email);
    await expect(other).toHaveURL(new RegExp(`/requests/${launched.requestId}$`));
  });

  test("a callbackUrl to another site is refused: the sign-in lands on the home page", async ({ page }) => {
    const s = await buildScenario<{ manager: Person }>(page, "small-organisation");
    const origin = new URL(page.url() === "about:blank" ? test.info().project.use.baseURL! : page.url()).origin;
    for (const hostile of ["//evil.example", "https://evil.example/reports"]) {
      await page.context().clearCookies();
      await page.goto(`/sign-in?callbackUrl=${encodeURIComponent(hostile)}`);
      await signInHere(page, s.manager.email);
      await expect(page).toHaveURL(`${origin}/`);
    }
    // A tampered e-mailed link is refused the same way.
    await page.context().clearCookies();
    await page.goto("/sign-in?callbackUrl=%2Fpeople");
    await signInHere(page, s.manager.email, (link) => link.searchParams.set("callbackUrl", "//evil.example/x"));
    await expect(page).toHaveURL(`${origin}/`);
  });
});
