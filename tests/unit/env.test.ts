import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "@/lib/env";

const secret = "x".repeat(40);

describe("env", () => {
  it("defaults to the embedded database in ./.data with demo data and in-process jobs", () => {
    const env = parseEnv({ NODE_ENV: "development" });
    expect(env.embedded).toBe(true);
    expect(env.dataDir.endsWith(".data")).toBe(true);
    expect(env.seedDemoData).toBe(true);
    expect(env.jobsInProcess).toBe(true);
    expect(env.devOutbox).toBe(true);
  });

  it("uses a server Postgres when DATABASE_URL is set, without demo data by default", () => {
    const env = parseEnv({ NODE_ENV: "production", AUTH_SECRET: secret, DATABASE_URL: "postgres://u@h:5432/db" });
    expect(env.embedded).toBe(false);
    expect(env.seedDemoData).toBe(false);
    expect(env.jobsInProcess).toBe(false);
    expect(env.devOutbox).toBe(false);
  });

  it("names the variable in a sentence when a value is malformed", () => {
    expect(() => parseEnv({ DATABASE_URL: "mysql://nope" })).toThrow(/DATABASE_URL must be a postgres:\/\//);
    expect(() => parseEnv({ APP_URL: "not a url" })).toThrow(/APP_URL must be an absolute URL/);
    expect(() => parseEnv({ SMTP_URL: "http://mail" })).toThrow(/SMTP_URL must start with smtp:\/\//);
    expect(() => parseEnv({ SEED_DEMO_DATA: "maybe" })).toThrow(/SEED_DEMO_DATA must be one of/);
    expect(() => parseEnv({ AUTH_SECRET: "short" })).toThrow(EnvError);
  });

  it("requires AUTH_SECRET in production", () => {
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrow(/AUTH_SECRET is required in production/);
  });

  it("treats empty values as unset and strips a trailing slash from APP_URL", () => {
    const env = parseEnv({ DATABASE_URL: "", APP_URL: "https://feedback.example.com/" });
    expect(env.embedded).toBe(true);
    expect(env.appUrl).toBe("https://feedback.example.com");
  });

  it("refuses to start a production build with the test or bench switches on", () => {
    const production = { NODE_ENV: "production", AUTH_SECRET: secret };
    expect(() => parseEnv({ ...production, E2E_FIXTURES: "true" })).toThrow(
      /E2E_FIXTURES is for the test suite only and this is a production build/,
    );
    expect(() => parseEnv({ ...production, BENCH_FLOOR: "true" })).toThrow(
      /BENCH_FLOOR is for `npm run bench` only and this is a production build/,
    );
    expect(() => parseEnv({ ...production, TWOFOLD_BUILD: "production", E2E_FIXTURES: "1", BENCH_FLOOR: "1" })).toThrow(
      /E2E_FIXTURES[\s\S]*BENCH_FLOOR/,
    );
    // A bench build has no fixture routes either.
    expect(() => parseEnv({ ...production, TWOFOLD_BUILD: "bench", E2E_FIXTURES: "true" })).toThrow(/this is a bench build/);
    // Switched off, they are harmless anywhere.
    expect(parseEnv({ ...production, E2E_FIXTURES: "false", BENCH_FLOOR: "false" }).build).toBe("production");
  });

  it("treats the output of next build as production even when started with NODE_ENV=development", () => {
    // Found by the adversary: `NODE_ENV=development next start` served the dev mailbox (everyone's
    // sign-in links) and ran on the development secret.
    const compiled = { NODE_ENV: "development", TWOFOLD_COMPILED: "true" };
    expect(() => parseEnv(compiled)).toThrow(/AUTH_SECRET is required in production/);
    const started = parseEnv({ ...compiled, AUTH_SECRET: secret });
    expect([started.production, started.devOutbox]).toEqual([true, false]);
    expect(() => parseEnv({ ...compiled, AUTH_SECRET: secret, E2E_FIXTURES: "true" })).toThrow(/E2E_FIXTURES is for the test suite only/);
    expect(parseEnv({ NODE_ENV: "development", TWOFOLD_COMPILED: "false" }).devOutbox).toBe(true);
  });

  it("accepts the switches on the builds that carry their routes, and outside production", () => {
    const production = { NODE_ENV: "production", AUTH_SECRET: secret };
    const test = parseEnv({ ...production, TWOFOLD_BUILD: "test", E2E_FIXTURES: "true" });
    expect([test.build, test.e2eFixtures]).toEqual(["test", true]);
    const bench = parseEnv({ ...production, TWOFOLD_BUILD: "bench", BENCH_FLOOR: "true" });
    expect([bench.build, bench.benchFloor]).toEqual(["bench", true]);
    expect(parseEnv({ NODE_ENV: "development", E2E_FIXTURES: "true" }).e2eFixtures).toBe(true);
    expect(() => parseEnv({ TWOFOLD_BUILD: "staging" })).toThrow(/TWOFOLD_BUILD/);
  });
  it("takes single sign-on with all four OIDC variables, or none, naming what is missing", () => {
    expect(parseEnv({}).oidc).toBeNull();
    const oidc = parseEnv({
      OIDC_ISSUER: "https://login.example.com/realms/staff",
      OIDC_CLIENT_ID: "twofold",
      OIDC_CLIENT_SECRET: "s3cret",
      OIDC_ALLOWED_DOMAINS: "Example.com, example.co.uk,example.com",
    }).oidc;
    expect(oidc).toEqual({
      issuer: "https://login.example.com/realms/staff",
      clientId: "twofold",
      clientSecret: "s3cret",
      allowedDomains: ["example.com", "example.co.uk"],
      name: "your company account",
    });
    expect(() => parseEnv({ OIDC_ISSUER: "https://login.example.com" })).toThrow(
      /OIDC_CLIENT_ID is required with OIDC_ISSUER[\s\S]*OIDC_CLIENT_SECRET is required[\s\S]*OIDC_ALLOWED_DOMAINS is required/,
    );
    expect(() =>
      parseEnv({
        OIDC_ISSUER: "https://l.example.com",
        OIDC_CLIENT_ID: "a",
        OIDC_CLIENT_SECRET: "b",
        OIDC_ALLOWED_DOMAINS: "example.com,*.evil",
      }),
    ).toThrow(/OIDC_ALLOWED_DOMAINS must be a comma-separated list of e-mail domains/);
    expect(() => parseEnv({ OIDC_ISSUER: "not a url" })).toThrow(/OIDC_ISSUER must be the identity provider's issuer URL/);
  });

  it("reads DNS_SERVERS as a list of addresses with optional ports, and names it when one is not", () => {
    expect(parseEnv({}).dnsServers).toBeNull();
    expect(parseEnv({ DNS_SERVERS: "1.1.1.1, 127.0.0.1:5353,[::1]:53" }).dnsServers).toEqual(["1.1.1.1", "127.0.0.1:5353", "[::1]:53"]);
    expect(() => parseEnv({ DNS_SERVERS: "dns.example.com" })).toThrow(/DNS_SERVERS must be a comma-separated list of IP addresses/);
  });
});
