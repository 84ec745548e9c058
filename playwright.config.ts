import { defineConfig, devices } from "@playwright/test";
import { chromiumArgs, findSystemBrowser } from "./scripts/find-browser";
import { budget, KEEP_ALIVE_MS } from "./tests/e2e/time-scale";
import { OIDC_TEST_CLIENT_ID, OIDC_TEST_CLIENT_SECRET } from "./tests/support/oidc-test-client";

/**
 * Journeys run in real Chromium against a production build (`next start`), with real SMTP: the app
 * sends to the mail catcher, tests read from it. `npm test` (scripts/test.ts) prepares the database
 * and the build (a test build, TWOFOLD_BUILD=test: production plus the fixture and bench routes,
 * in its own folder); the settings below are what it hands over.
 */

const appPort = Number(process.env.E2E_APP_PORT ?? 3100);
const smtpPort = Number(process.env.MAIL_CATCHER_SMTP_PORT ?? 2526);
const mailHttpPort = Number(process.env.MAIL_CATCHER_HTTP_PORT ?? 2527);
const oidcPort = Number(process.env.OIDC_TEST_PORT ?? 2528);
/** The test identity provider (tests/support/oidc-provider-server.ts), the installation's SSO. */
export const oidcIssuer = `http://127.0.0.1:${oidcPort}`;
export const baseURL = `http://localhost:${appPort}`;
const executablePath = findSystemBrowser() ?? undefined;
const heavy = ["**/load.spec.ts", "**/faults.spec.ts", "**/scale.spec.ts"];

const appEnv: Record<string, string> = {
  NODE_ENV: "production",
  NEXT_TELEMETRY_DISABLED: "1",
  AUTH_SECRET: process.env.E2E_AUTH_SECRET ?? "e2e-secret-e2e-secret-e2e-secret-e2e-secret",
  APP_URL: baseURL,
  SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
  MAIL_FROM: "Twofold <no-reply@twofold.test>",
  // `next start` serves the test build (next.config.ts), the only kind with the fixture routes.
  TWOFOLD_BUILD: "test",
  E2E_FIXTURES: "true",
  // The whole suite signs in from one address; the per-address limit still applies.
  SIGN_IN_LIMIT_PER_IP: "100000",
  SEED_DEMO_DATA: "true",
  JOBS_IN_PROCESS: "false",
  DATA_DIR: process.env.E2E_DATA_DIR ?? ".test-data/e2e",
  // Single sign-on against a real OpenID provider on loopback (tests/e2e/sso.spec.ts).
  OIDC_ISSUER: oidcIssuer,
  OIDC_CLIENT_ID: OIDC_TEST_CLIENT_ID,
  OIDC_CLIENT_SECRET: OIDC_TEST_CLIENT_SECRET,
  OIDC_ALLOWED_DOMAINS: "brightwater.example,example.test",
  OIDC_NAME: "Brightwater account",
  // Domain proofs are looked up at the test DNS server the OpenID provider's process runs (UDP, the
  // same port number; tests/support/oidc-provider-server.ts), where the journeys publish them.
  DNS_SERVERS: `127.0.0.1:${oidcPort}`,
  ...(process.env.E2E_DATABASE_URL ? { DATABASE_URL: process.env.E2E_DATABASE_URL } : {}),
};

export default defineConfig({
  testDir: "tests/e2e",

  fullyParallel: true,
  workers: 2,
  retries: 0,
  // Scaled by the machine's load (tests/e2e/time-scale.ts): the suite must pass on a busy machine.
  timeout: budget(60_000),
  expect: { timeout: budget(10_000) },
  forbidOnly: Boolean(process.env.CI),
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [["list"], ["json"]] : [["list"]],
  outputDir: "test-results",
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: { executablePath, args: chromiumArgs },
  },
  projects: [
    {
      name: "chromium",
      testIgnore: [...heavy],
      use: { ...devices["Desktop Chrome"], launchOptions: { executablePath, args: chromiumArgs } },
    },
    // Load and faults run alone, after everything else and one after the other: they saturate
    // (or stop) the server, and a fault test that stops the database in the middle of the load
    // test's set-up would fail it for the wrong reason.
    {
      name: "load",
      testMatch: [heavy[0]!],
      dependencies: ["chromium"],
      use: { ...devices["Desktop Chrome"], launchOptions: { executablePath, args: chromiumArgs } },
    },
    // The fault test stops a PostgreSQL server: there is none with the embedded database.
    ...(process.env.E2E_DATABASE_URL
      ? [
          {
            name: "faults",
            testMatch: [heavy[1]!],
            dependencies: ["load"],
            use: { ...devices["Desktop Chrome"], launchOptions: { executablePath, args: chromiumArgs } },
          },
        ]
      : []),
    // Two more app processes and two job runners of its own, on a server PostgreSQL (it skips,
    // saying why, on the embedded database): last, alone, after the database restarts of faults.
    {
      name: "scale",
      testMatch: [heavy[2]!],
      dependencies: [process.env.E2E_DATABASE_URL ? "faults" : "load"],
      use: { ...devices["Desktop Chrome"], launchOptions: { executablePath, args: chromiumArgs } },
    },
  ],
  webServer: [
    {
      command: "npx tsx tests/support/mail-catcher-server.ts",
      url: `http://127.0.0.1:${mailHttpPort}/health`,
      env: { MAIL_CATCHER_SMTP_PORT: String(smtpPort), MAIL_CATCHER_HTTP_PORT: String(mailHttpPort) },
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      command: "npx tsx tests/support/oidc-provider-server.ts",
      url: `${oidcIssuer}/health`,
      env: { OIDC_TEST_PORT: String(oidcPort), OIDC_TEST_REDIRECT_BASE: baseURL },
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      // Idle keep-alive sockets outlive any pause in a test: with Node's 5 s default, a request sent
      // on a socket the server was closing at that moment failed with ECONNRESET (CI, stop 25).
      command: `npx next start -p ${appPort} --keepAliveTimeout ${KEEP_ALIVE_MS}`,
      url: `${baseURL}/api/health`,
      env: appEnv,
      reuseExistingServer: false,
      timeout: budget(180_000),
      stdout: "pipe",
      stderr: "pipe",
    },
  ],
});
