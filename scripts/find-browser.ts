import fs from "node:fs";

/**
 * Which Chromium Playwright should drive: Debian's /usr/bin/chromium when present, else an installed
 * Chrome, else Playwright's own download. `null` means there is none at all.
 */
export interface Browser {
  kind: "system" | "playwright";
  executablePath?: string;
}

const systemCandidates = [
  process.env.CHROMIUM_PATH,
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
  "/usr/bin/google-chrome-stable",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
  "/Applications/Chromium.app/Contents/MacOS/Chromium",
  "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe",
];

/** A Chromium or Chrome installed on the machine (synchronous: playwright.config.ts uses it). */
export function findSystemBrowser(): string | null {
  return systemCandidates.find((c): c is string => Boolean(c && fs.existsSync(c))) ?? null;
}

export async function findBrowser(): Promise<Browser | null> {
  const system = findSystemBrowser();
  if (system) return { kind: "system", executablePath: system };
  try {
    const { chromium } = await import("@playwright/test");
    const own = chromium.executablePath();
    if (own && fs.existsSync(own)) return { kind: "playwright" };
  } catch {
    // Playwright does not know of a browser of its own.
  }
  return null;
}

/** Flags that keep Chromium quiet on a closed network and runnable as root in containers. */
export const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
