/**
 * Screenshots of pages at phone and desktop sizes, for looking at what we build and for the README.
 * Runs against a dev server (`npm run dev`) and signs in through its dev mailbox.
 *   npx tsx scripts/screenshots.ts [--base http://localhost:3000] [--as email] [--out docs/screenshots] path...
 */
import fs from "node:fs";
import path from "node:path";
import { chromium } from "@playwright/test";
import { signInThroughDevMailbox } from "./dev-mailbox-sign-in";
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
  if (as) await signInThroughDevMailbox(page, base, as, 20);
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
