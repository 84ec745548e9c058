/**
 * Throwaway: screenshots of the pages this stop changed, at phone and desktop sizes, against a
 * dev server with the demo data (signs in through the dev mailbox).
 */
import { chromium, type Page } from "@playwright/test";
import { chromiumArgs, findSystemBrowser } from "./find-browser";

const base = process.argv[2] ?? "http://localhost:3300";
const out = process.argv[3] ?? "/tmp/shots";

async function signIn(page: Page, email: string) {
  const links = async () => {
    await page.goto(`${base}/dev/mail`);
    return page.locator("li", { hasText: email });
  };
  const before = await (await links()).count();
  await page.goto(`${base}/sign-in`);
  await page.getByLabel("Work e-mail address").fill(email);
  await page.getByRole("button", { name: "E-mail me a sign-in link" }).click();
  await page.waitForURL(/check-email/);
  let link: string | null = null;
  for (let i = 0; !link && i < 40; i++) {
    await page.waitForTimeout(500);
    const entries = await links();
    if ((await entries.count()) > before) link = await entries.first().locator("a").first().getAttribute("href");
  }
  await page.goto(link!);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((u) => u.pathname === "/", { timeout: 120_000 });
}

async function shoot(page: Page, name: string) {
  for (const [size, viewport] of [
    ["phone", { width: 375, height: 812 }],
    ["desktop", { width: 1366, height: 900 }],
  ] as const) {
    await page.setViewportSize(viewport);
    await page.waitForLoadState("networkidle");
    await page.screenshot({ path: `${out}/${name}-${size}.png`, fullPage: true });
    console.log(`${out}/${name}-${size}.png`);
  }
}

async function main() {
  const browser = await chromium.launch({ executablePath: findSystemBrowser() ?? undefined, args: chromiumArgs });
  const page = await (await browser.newContext()).newPage();
  page.setDefaultTimeout(120_000);
  await signIn(page, "sam.okafor@brightwater.example");
  // Sam's autumn request (he had a spring report): the notice about earlier raters.
  await page.goto(`${base}/`);
  const hrefs = await page.locator('a[href^="/requests/"]').evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  for (const href of [...new Set(hrefs)]) {
    await page.goto(`${base}${href}`);
    if (await page.getByText("Some of these raters rated you before").count()) break;
  }
  await shoot(page, "request-earlier-raters");
  const reports = await page.goto(`${base}/`).then(() => page.locator('a[href^="/reports/"]').evaluateAll((as) => as.map((a) => a.getAttribute("href"))));
  if (reports[0]) {
    await page.goto(`${base}${reports[0]}`);
    await shoot(page, "report");
  }
  await browser.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
