/**
 * `npm run bench:first-start`: the newcomer's path, timed (issue 21, item 13). From the end of
 * `npm install`: `npm run dev` on an empty data folder and without the dev server's compile cache
 * (`.next/dev` is removed: this is what a fresh clone has), until a demo report is on screen
 * (signed in as Sam through the dev mailbox, his released spring report open), then at once the
 * first visit of each page of his demo, of HR's (Priya's menu, a cycle, a person) and
 * of a rater's survey from the dev mailbox. Prints the figures and writes them to
 * bench/results/first-start-latest.json; the README quotes them. Timing targets live here, never
 * in `npm test`.
 *   npx tsx bench/first-start.ts [--port 3290] [--keep-cache]
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Page } from "@playwright/test";
import { signInThroughDevMailbox } from "../scripts/dev-mailbox-sign-in";
import { chromiumArgs, findSystemBrowser } from "../scripts/find-browser";

const args = process.argv.slice(2);
const port = Number(args[args.indexOf("--port") + 1] ?? 0) || 3290;
const keepCache = args.includes("--keep-cache");
const root = path.resolve(__dirname, "..");
const origin = `http://localhost:${port}`;
const SAM = "sam.okafor@brightwater.example";
const PRIYA = "priya.shah@brightwater.example";

const seconds = (ms: number) => Math.round(ms / 100) / 10;

/** What a newcomer's shell has: none of this checkout's database or mail settings. */
function newcomerEnv(dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
  for (const key of ["DATABASE_URL", "SMTP_URL", "NODE_ENV", "TWOFOLD_BUILD", "E2E_FIXTURES", "BENCH_FLOOR"]) delete env[key];
  return env;
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "twofold-first-start-"));
  if (!keepCache) fs.rmSync(path.join(root, ".next", "dev"), { recursive: true, force: true });
  const started = Date.now();
  const child = spawn(process.execPath, [require.resolve("tsx/cli"), "scripts/dev.ts", "-p", String(port)], {
    cwd: root,
    env: newcomerEnv(dataDir),
    stdio: ["ignore", "pipe", "inherit"],
    detached: true,
  });
  const open = new Promise<number>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      const text = chunk.toString();
      process.stdout.write(text.replace(/^/gm, "  | "));
      if (/\[twofold\] Open /.test(text)) resolve(Date.now() - started);
    });
    child.on("exit", (code) => reject(new Error(`npm run dev stopped (exit code ${code})`)));
  });
  const browser = await chromium.launch({ executablePath: findSystemBrowser() ?? undefined, args: chromiumArgs });
  try {
    const openMs = await open;
    const page = await browser.newPage();
    await signInThroughDevMailbox(page, origin, SAM);
    const report = page.locator("main a[href^='/reports/']").first();
    await report.click();
    await page.waitForURL(/\/reports\//);
    await page.getByRole("heading", { level: 1 }).first().waitFor();
    const reportMs = Date.now() - started;

    // Every other page of Sam's demo, each visited for the first time.
    await page.goto(`${origin}/`);
    const hrefs = await page
      .locator("main a[href^='/']")
      .evaluateAll((as) => [...new Set(as.map((a) => (a as HTMLAnchorElement).pathname))]);
    const pages: { who: string; path: string; ms: number }[] = [];
    const visit = async (who: string, at: Page, href: string) => {
      const t = Date.now();
      await at.goto(`${origin}${href}`);
      await at.waitForLoadState("load");
      const shown = new URL(href, origin).pathname.replace(/[0-9a-f-]{36}/g, ":id").replace(/^\/s\/.+/, "/s/:token");
      pages.push({ who, path: shown, ms: Date.now() - t });
    };
    for (const href of hrefs.filter((h) => !h.startsWith("/reports/") && !h.startsWith("/api/")).slice(0, 8))
      await visit("Sam", page, href);

    // HR's pages, each for the first time: the menu, then the first cycle and person it lists.
    const hr = await browser.newPage();
    await signInThroughDevMailbox(hr, origin, PRIYA);
    const menu = await hr
      .locator("header a[href^='/'], nav a[href^='/']")
      .evaluateAll((as) => [...new Set(as.map((a) => (a as HTMLAnchorElement).pathname))]);
    // Pages only: a download (the data export) is not a page to open.
    for (const href of menu.filter((h) => h !== "/" && !h.startsWith("/api/"))) await visit("Priya (HR)", hr, href);
    for (const [list, pattern] of [
      ["/cycles", /^\/cycles\/[0-9a-f-]{36}$/],
      ["/people", /^\/people\/[0-9a-f-]{36}$/],
    ] as const) {
      await hr.goto(`${origin}${list}`);
      const links = await hr.locator("main a[href^='/']").evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname));
      const first = links.find((l) => pattern.test(l));
      if (first) await visit("Priya (HR)", hr, first);
    }

    // A rater's survey, from an invitation in the dev mailbox (no sign-in), as the README suggests.
    const rater = await browser.newPage();
    await rater.goto(`${origin}/dev/mail`);
    const survey = await rater.locator("a[href*='/s/']").first().getAttribute("href");
    // The mail's links name APP_URL (port 3000); the path is what matters here.
    if (survey) await visit("a rater", rater, new URL(survey, origin).pathname);
    const result = {
      date: new Date().toISOString(),
      machine: {
        cpu: `${os.cpus()[0]?.model ?? "?"} x ${os.cpus().length}`,
        loadAverageAtEnd: os.loadavg().map((l) => Math.round(l * 100) / 100),
      },
      openSeconds: seconds(openMs),
      reportOnScreenSeconds: seconds(reportMs),
      laterPages: pages.map((p) => ({ who: p.who, path: p.path, seconds: seconds(p.ms) })),
      slowestLaterPageSeconds: seconds(Math.max(0, ...pages.map((p) => p.ms))),
      targets: { reportOnScreenSeconds: 60, laterPageSeconds: 1 },
    };
    console.log(JSON.stringify(result, null, 2));
    fs.mkdirSync(path.join(root, "bench", "results"), { recursive: true });
    fs.writeFileSync(path.join(root, "bench", "results", "first-start-latest.json"), `${JSON.stringify(result, null, 2)}\n`);
    console.log(
      `first start: "Open" after ${result.openSeconds} s, a demo report on screen after ${result.reportOnScreenSeconds} s (target 60 s); ` +
        `slowest later page ${result.slowestLaterPageSeconds} s (target 1 s)`,
    );
  } finally {
    await browser.close();
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      // already gone
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
