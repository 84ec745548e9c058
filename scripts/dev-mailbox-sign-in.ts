import type { Page } from "@playwright/test";

/**
 * Sign in on a development server the way a person does there: ask for a link, read it from the
 * dev mailbox (/dev/mail, newest first), follow it. The link leaves a moment after the request
 * (SIGN_IN_DELIVERY_DELAY_MS), so the mailbox is polled. Used by the screenshot script and the
 * first-start bench.
 */
export async function signInThroughDevMailbox(page: Page, origin: string, email: string, tries = 60): Promise<void> {
  const entries = async () => {
    await page.goto(`${origin}/dev/mail`);
    return page.locator("li", { hasText: email });
  };
  const before = await (await entries()).count();
  await page.goto(`${origin}/sign-in`);
  await page.getByLabel("Work e-mail address").fill(email);
  await page.getByRole("button", { name: "E-mail me a sign-in link" }).click();
  await page.waitForURL(/check-email/);
  for (let i = 0; i < tries; i++) {
    await page.waitForTimeout(500);
    const list = await entries();
    // A new entry means our link has arrived.
    if ((await list.count()) > before) {
      const link = await list.first().locator("a").first().getAttribute("href");
      if (!link) break;
      await page.goto(link);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL((u) => u.pathname === "/");
      return;
    }
  }
  throw new Error("No sign-in link reached the dev mailbox.");
}
