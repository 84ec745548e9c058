import fs from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type APIRequestContext, type Page } from "@playwright/test";
import { BUILDS } from "../../next.config";
import type { CaughtMail } from "../support/smtp-catcher";
import { budget } from "./time-scale";

export { budget, timeScale } from "./time-scale";

const mailHttp = `http://127.0.0.1:${process.env.MAIL_CATCHER_HTTP_PORT ?? 2527}`;

export const mailbox = {
  async all(): Promise<CaughtMail[]> {
    return (await fetch(`${mailHttp}/messages`)).json();
  },
  /** Wait for an e-mail to `to` (and matching `predicate`) that arrived after `since`. */
  async waitFor(to: string, predicate: (m: CaughtMail) => boolean = () => true, { since = 0, timeoutMs = budget(30_000) } = {}) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = (await mailbox.all()).find((m) => m.receivedAt >= since && m.to.includes(to.toLowerCase()) && predicate(m));
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`No e-mail to ${to} within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  },
  async refuse(on: boolean) {
    await fetch(`${mailHttp}/refuse?on=${on ? 1 : 0}`, { method: "POST" });
  },
};

/** Cookies a response sets, as one Cookie header with those already held. */
function withCookies(held: string, response: Response): string {
  const jar = new Map(
    held
      .split("; ")
      .filter(Boolean)
      .map((c) => [c.slice(0, c.indexOf("=")), c] as const),
  );
  for (const line of response.headers.getSetCookie()) {
    const pair = line.split(";")[0]!;
    jar.set(pair.slice(0, pair.indexOf("=")), pair);
  }
  return [...jar.values()].join("; ");
}

/** Auth.js's own endpoint, as a script would call it: true when a link was accepted for sending. */
export async function authJsSignIn(origin: string, email: string, forwardedFor?: string): Promise<boolean> {
  const extra: Record<string, string> = forwardedFor ? { "X-Forwarded-For": forwardedFor } : {};
  const csrf = await fetch(`${origin}/api/auth/csrf`, { headers: extra });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${origin}/api/auth/signin/email`, {
    method: "POST",
    redirect: "manual",
    headers: { ...extra, "Content-Type": "application/x-www-form-urlencoded", Cookie: withCookies("", csrf) },
    body: new URLSearchParams({ email, csrfToken, callbackUrl: `${origin}/` }).toString(),
  });
  const location = response.headers.get("location") ?? "";
  if (location.includes("check-email") || location.includes("verify-request")) return true;
  if (location.includes("error=")) return false;
  throw new Error(`Unexpected answer from ${origin}/api/auth/signin/email: ${response.status} ${location}`);
}

export function linkIn(mail: CaughtMail): string {
  const match = mail.text.match(/https?:\/\/\S+/);
  if (!match) throw new Error(`No link in e-mail "${mail.subject}"`);
  return match[0];
}

/** Sign in the real way: ask for a link, read it from the SMTP catcher, follow it. */
export async function signIn(page: Page, email: string) {
  const since = Date.now();
  await page.goto("/sign-in");
  await page.getByLabel("Work e-mail address").fill(email);
  await page.getByRole("button", { name: "E-mail me a sign-in link" }).click();
  await expect(page.getByRole("heading", { name: "Check your e-mail" })).toBeVisible();
  const mail = await mailbox.waitFor(email, (m) => m.subject.includes("sign-in link"), { since });
  await page.goto(linkIn(mail));
  // The e-mailed link only shows a confirmation: opening it (as mail scanners do) uses nothing up.
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/$/);
}

/** Every page a journey visits gets this: WCAG 2.2 A/AA rules, zero violations. */
export async function expectAccessible(page: Page) {
  // After a client-side navigation the new page's <title> lands a moment after its content (Next
  // streams metadata): axe must judge the page as it settles, not the instant between.
  await expect(page).toHaveTitle(/\S/);
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join("; ")})`);
  expect(summary, "axe-core violations").toEqual([]);
}

export async function buildScenario<T = Record<string, unknown>>(page: Page, scenario: string): Promise<T> {
  const response = await page.request.post("/api/test/fixtures", { data: { scenario } });
  expect(response.ok(), `fixture ${scenario}`).toBeTruthy();
  return response.json();
}

type Person = { id: string; email: string; name: string };
export interface SmallOrganisation {
  organisationId: string;
  organisationName: string;
  hr: Person;
  manager: Person;
  director: Person;
  reports: Person[];
  peers: Person[];
}
export interface OpenCycle extends SmallOrganisation {
  cycle: { id: string; name: string };
}
export interface InvitedRater extends OpenCycle {
  requestId: string;
  rater: Person;
}

/** The narrowest phone we support (320 px, WCAG reflow), as raters mostly use. */
export const phone = { width: 320, height: 640 };

export const test = base;
export { expect };

// ---------------------------------------------------------------------------------------------
// Server actions, called the way a browser does (POST with the action's id), for security tests.

export interface ActionEntry {
  id: string;
  filename: string;
  exportedName: string;
  workers: string[];
}

export function serverActions(): ActionEntry[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(BUILDS.test.distDir, "server", "server-reference-manifest.json"), "utf8"));
  return Object.entries(manifest.node as Record<string, { filename: string; exportedName: string; workers: Record<string, unknown> }>).map(
    ([id, v]) => ({
      id,
      filename: v.filename,
      exportedName: v.exportedName,
      workers: Object.keys(v.workers),
    }),
  );
}

/** A URL served by one of the pages the action is bound to ("app/(app)/requests/[id]/page" -> "/requests/<uuid>"). */
export function pathForWorker(worker: string, fill = "00000000-0000-4000-8000-000000000000"): string {
  const segments = worker
    .replace(/^app\//, "")
    .replace(/\/page$/, "")
    .split("/")
    .filter((s) => s && !/^\(.*\)$/.test(s))
    .map((s) => (s.startsWith("[") ? fill : s));
  return `/${segments.join("/")}`;
}

/** Call a server action by file and export name; returns the HTTP status and the raw RSC text. */
export async function callAction(request: APIRequestContext, file: string, name: string, args: unknown[], at?: string) {
  const action = serverActions().find((a) => a.filename === file && a.exportedName === name);
  if (!action) throw new Error(`No server action ${file}#${name} in the build`);
  const response = await request.post(at ?? pathForWorker(action.workers[0]!), {
    headers: { "Next-Action": action.id, Accept: "text/x-component", "Content-Type": "text/plain;charset=UTF-8" },
    data: JSON.stringify(args),
    maxRedirects: 0,
  });
  return { status: response.status(), body: await response.text() };
}

/** Rows per table owned by one organisation: "nothing changed" checks compare these. */
export async function tableCounts(request: APIRequestContext, organisationId: string): Promise<Record<string, number>> {
  const response = await request.post("/api/test/fixtures", { data: { scenario: "table-counts", organisationId } });
  return response.json();
}
