import type { Page } from "@playwright/test";
import { DEMO_ACCOUNTS } from "../../lib/organisations/seed-demo";
import { budget, buildScenario, expect, expectAccessible, linkIn, mailbox, signIn, test, type InvitedRater } from "./support";

/**
 * Issue 21 items 8 and 12: every page, for every demo person, at a phone's 375 px and a laptop's
 * 1366 px, with axe (0 violations) and the layout and copy checks a buyer's first hour tripped
 * over. The pages are found, not listed: the main menu, then one page of each kind linked from
 * there (a request, a report, a cycle, a person...), so a new page cannot be left out.
 */

const WIDTHS = [
  { name: "phone", width: 375, height: 800 },
  { name: "desktop", width: 1366, height: 900 },
] as const;

/** "/requests/3f2c…" -> "/requests/[id]": one page of each kind is enough. */
const kindOf = (path: string) => path.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "[id]");

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** The copy slips of item 12, on whatever page this is. */
async function expectCleanCopy(page: Page, where: string) {
  const text = await page.locator("body").innerText();
  expect(text, `${where}: a "(s)" plural`).not.toMatch(/\w\(s\)/);
  expect(text, `${where}: doubled brackets`).not.toMatch(/\([^()\n]*\([^()\n]*\)\)/);
  expect(text, `${where}: "1 …s"`).not.toMatch(
    /(^|[^\d.,])1 (feedback requests|teams|chosen teams|raters|people|reports|requests|cycles)\b/m,
  );
  const today = new Date(new Date().toISOString().slice(0, 10));
  for (const m of text.matchAll(/\bclosed (\d{1,2}) (\w+) (\d{4})/gi)) {
    const date = new Date(Date.UTC(Number(m[3]), MONTHS.indexOf(m[2]!), Number(m[1])));
    expect(date.getTime(), `${where}: "${m[0]}" for a date still ahead`).toBeLessThanOrEqual(today.getTime());
  }
}

async function expectPhoneLayout(page: Page, where: string) {
  // Nothing wider than the screen (a wide table scrolls inside its own region instead).
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${where}: page wider than the phone`).toBeLessThanOrEqual(0);
  const header = page.locator("header").first();
  const box = await header.boundingBox();
  expect(box!.height, `${where}: header height`).toBeLessThanOrEqual(80);
  // E-mail addresses wrap only before their @ or a dot ("aisha.khan" / "@brightwater" / ".example"),
  // never in the middle of a word: every character that starts a new line must be one of those.
  const broken = await page.evaluate(() => {
    const bad: string[] = [];
    const isAddress = (t: string) => /^[^\s@()]+@[^\s@()]+\.[^\s@()]+$/.test(t.trim());
    for (const el of document.querySelectorAll("body *")) {
      if (!isAddress(el.textContent ?? "") || [...el.children].some((c) => c.textContent === el.textContent)) continue;
      let top: number | null = null;
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const text = n.textContent ?? "";
        for (let i = 0; i < text.length; i++) {
          const range = document.createRange();
          range.setStart(n, i);
          range.setEnd(n, i + 1);
          const rect = range.getBoundingClientRect();
          if (rect.width === 0 && rect.height === 0) continue;
          if (top !== null && rect.top > top + 2 && !"@.".includes(text[i]!)) bad.push(`${el.textContent} (before "${text.slice(i)}")`);
          top = rect.top;
        }
      }
    }
    return bad;
  });
  expect(broken, `${where}: e-mails broken letter by letter`).toEqual([]);
}

/** The phone's menu: a disclosure button, nav hidden until opened, Escape closes and refocuses. */
async function expectPhoneMenu(page: Page) {
  const menu = page.getByRole("button", { name: "Menu" });
  await expect(menu).toBeVisible();
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
  await menu.focus();
  await page.keyboard.press("Enter");
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Home" })).toBeVisible();
  await expectAccessible(page);
  await page.keyboard.press("Tab");
  await page.keyboard.press("Escape");
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(menu).toBeFocused();
}

async function visit(page: Page, path: string, where: string, phone: boolean) {
  const response = await page.goto(path);
  expect(response?.status(), `${where}: status`).toBeLessThan(400);
  await expectAccessible(page);
  await expectCleanCopy(page, where);
  if (phone) await expectPhoneLayout(page, where);
}

/** The main menu's pages, then one page of each kind that they link to. */
async function pagesOf(page: Page): Promise<string[]> {
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.goto("/");
  const local = async () =>
    (await page.locator("main a[href^='/'], nav a[href^='/']").evaluateAll((as) => as.map((a) => a.getAttribute("href")!))).filter(
      (h) => !h.startsWith("/api/") && !h.includes("?"),
    );
  const menu = await page
    .getByRole("navigation", { name: "Main" })
    .locator("a")
    .evaluateAll((as) => as.map((a) => a.getAttribute("href")!));
  const kinds = new Map<string, string>();
  for (const path of ["/", ...menu]) kinds.set(kindOf(path), path);
  for (const path of ["/", ...menu]) {
    await page.goto(path);
    for (const href of await local()) if (!kinds.has(kindOf(href))) kinds.set(kindOf(href), href);
  }
  // One level further from a report: its development plan (linked at the report's end).
  for (const path of [...kinds.values()].filter((p) => kindOf(p) === "/reports/[id]")) {
    await page.goto(path);
    for (const href of await local()) if (!kinds.has(kindOf(href))) kinds.set(kindOf(href), href);
  }
  return [...kinds.values()];
}

test.describe("every page, every demo person, phone and desktop", () => {
  test.describe.configure({ timeout: budget(600_000) });

  for (const account of DEMO_ACCOUNTS) {
    test(`${account.email}: axe, layout and copy on every page at 375 and 1366 px`, async ({ page }) => {
      await signIn(page, account.email);
      const pages = await pagesOf(page);
      expect(pages.length).toBeGreaterThan(1);
      test.info().annotations.push({ type: "pages", description: pages.map(kindOf).join(" ") });
      console.log(`${account.email}: ${pages.map(kindOf).join(" ")}`);
      for (const size of WIDTHS) {
        await page.setViewportSize({ width: size.width, height: size.height });
        for (const path of pages) await visit(page, path, `${account.email} ${kindOf(path)} at ${size.width} px`, size.name === "phone");
        if (size.name === "phone") {
          await page.goto("/");
          await expectPhoneMenu(page);
        } else {
          await expect(page.getByRole("button", { name: "Menu" })).toBeHidden();
          await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
        }
      }
    });
  }

  // Two links deep from the menu (the report, then its pulse), so the crawl above does not reach it.
  test("the follow-up pulse page, ready to start, at 375 and 1366 px", async ({ page }) => {
    const s = await buildScenario<{ requestId: string; manager: { email: string } }>(page, "pulse-due-report");
    await signIn(page, s.manager.email);
    for (const size of WIDTHS) {
      await page.setViewportSize({ width: size.width, height: size.height });
      await visit(page, `/reports/${s.requestId}/pulse`, `/reports/[id]/pulse at ${size.width} px`, size.name === "phone");
    }
  });

  test("the signed-out pages: sign-in, the survey, the link pages, with the app's font and a favicon", async ({ page }) => {
    const s = await buildScenario<InvitedRater>(page, "invited-rater");
    const survey = linkIn(await mailbox.waitFor(s.rater.email, (m) => m.subject.includes("would value your feedback")));
    for (const size of WIDTHS) {
      await page.setViewportSize({ width: size.width, height: size.height });
      for (const path of [
        "/sign-in",
        "/sign-in/check-email",
        "/sign-in/problem?problem=refused",
        "/sign-in/problem?problem=issuer",
        survey,
        "/link/invalid",
        "/link/closed",
        "/link/busy",
        `/plan-link/${"x".repeat(43)}`,
      ]) {
        await page.goto(path);
        await expectAccessible(page);
        await expectCleanCopy(page, `${path} at ${size.width} px`);
      }
    }
    await page.goto("/sign-in");
    const appFont = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
    const icon = await page.locator("link[rel='icon']").getAttribute("href");
    expect(icon, "a favicon").toBeTruthy();
    expect((await page.request.get(icon!)).status()).toBe(200);
    for (const path of ["/link/invalid", "/link/closed", "/link/busy"]) {
      await page.goto(path);
      expect(await page.evaluate(() => getComputedStyle(document.body).fontFamily), `${path}: font`).toBe(appFont);
      expect(await page.locator("link[rel='icon']").count(), `${path}: favicon`).toBe(1);
    }
  });
});
