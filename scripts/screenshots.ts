/**
 * Screenshots of pages at phone and desktop sizes, for looking at what we build and for the README.
 * Runs against a dev server (`npm run dev`) and signs in through its dev mailbox.
 *   npx tsx scripts/screenshots.ts [--base http://localhost:3000] [--as email] [--out docs/screenshots] path...
 */
import fs from "node:fs";
import path from "node:path";
import { chromium } from "@playwright/test";
import { chromiumArgs, findSystemBrowser } from "./find-browser";

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args.splice(i, 2)[1]! : fallback;
};
const base = option("--base", "http://localhost:3000");
const as = option("--as", "");
const out = option("--out", "docs/screenshots");
const paths = args.length ? args : ["/"];

const viewports = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1280, height: 800 },
};

async function main() {
  fs.mkdirSync(out, { recursive: true });
  const browser = await chromium.launch({ executablePath: findSystemBrowser() ?? undefined, args: chromiumArgs });
  const context = await browser.newContext();
  const page = await context.newPage();
  if (as) {
    const linksFor = async () => {
      await page.goto(`${base}/dev/mail`);
      return page.locator("li", { hasText: as });
    };
    const before = await (await linksFor()).count();
    await page.goto(`${base}/sign-in`);
    await page.getByLabel("Work e-mail address").fill(as);
    await page.getByRole("button", { name: "E-mail me a sign-in link" }).click();
    await page.waitForURL(/check-email/);
    // The link leaves a moment after the request (see SIGN_IN_DELIVERY_DELAY_MS): poll the mailbox.
    let link: string | null = null;
    for (let tries = 0; !link && tries < 20; tries++) {
      await page.waitForTimeout(500);
      const entries = await linksFor();
      // Newest first: a new entry means our link has arrived.
      if ((await entries.count()) > before) link = await entries.first().locator("a").first().getAttribute("href");
    }
    if (!link) throw new Error("No sign-in link in the dev mailbox");
    await page.goto(link);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((u) => u.pathname === "/");
  }
  for (const p of paths) {
    for (const [name, viewport] of Object.entries(viewports)) {
      await page.setViewportSize(viewport);
      await page.goto(`${base}${p}`);
      await page.waitForLoadState("networkidle");
      const file = path.join(out, `${p.replace(/[^a-z0-9]+/gi, "-").replace(/^-|-$/g, "") || "home"}-${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      console.log(file);
    }
  }
  await browser.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
