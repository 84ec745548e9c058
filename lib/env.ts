import path from "node:path";
import { z } from "zod";

/**
 * The only module that reads process.env. Everything else asks `env()`.
 *
 * Parsed lazily (and once) rather than at import time, because `next build` imports server modules
 * to collect page data and must not need production secrets. `instrumentation.ts` calls `env()` first
 * thing at start-up, so a bad value still stops the server before it serves a request.
 */

const DEV_AUTH_SECRET = "twofold-development-secret-do-not-use-in-production";

const booleanish = z
  .enum(["true", "false", "1", "0", "yes", "no", "on", "off"], {
    error: "must be one of true, false, 1, 0, yes, no, on, off",
  })
  .transform((v) => ["true", "1", "yes", "on"].includes(v));

const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** An IPv4 address or a bracketed IPv6 one, optionally with a port; or a bare IPv6 address. */
const DNS_SERVER = /^(?:(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?|\[[0-9a-fA-F:.]+\](?::\d{1,5})?|[0-9a-fA-F:]+:[0-9a-fA-F:.]*)$/;

const OIDC_VARIABLES = ["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET", "OIDC_ALLOWED_DOMAINS"] as const;

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: z
      .string()
      .trim()
      .refine((v) => /^postgres(ql)?:\/\//.test(v), {
        message: "must be a postgres:// or postgresql:// connection URL",
      })
      .optional(),
    DATA_DIR: z.string().trim().min(1).default(".data"),
    KEYS_DIR: z.string().trim().min(1).optional(),
    AUTH_SECRET: z.string().min(32, { error: "must be at least 32 characters long" }).optional(),
    APP_URL: z.url({ error: "must be an absolute URL such as http://localhost:3000" }).default("http://localhost:3000"),
    SMTP_URL: z
      .string()
      .trim()
      .refine((v) => /^smtps?:\/\//.test(v), { message: "must start with smtp:// or smtps://" })
      .optional(),
    MAIL_FROM: z.string().trim().min(3).default("Twofold <no-reply@twofold.localhost>"),
    SEED_DEMO_DATA: booleanish.optional(),
    JOBS_IN_PROCESS: booleanish.optional(),
    JOBS_INTERVAL_SECONDS: z.coerce.number({ error: "must be a number of seconds" }).int().min(5).max(3600).default(60),
    E2E_FIXTURES: booleanish.default(false),
    SIGN_IN_LIMIT_PER_IP: z.coerce.number({ error: "must be a number of sign-in requests" }).int().min(1).max(1_000_000).default(30),
    TRUSTED_PROXIES: z.coerce.number({ error: "must be a whole number of reverse proxies" }).int().min(0).max(10).default(0),
    BENCH_FLOOR: booleanish.default(false),
    // Single sign-on for the whole installation (lib/auth/sso.ts): all four or none.
    OIDC_ISSUER: z.url({ error: "must be the identity provider's issuer URL, such as https://login.example.com" }).optional(),
    OIDC_CLIENT_ID: z.string().trim().min(1).optional(),
    OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    OIDC_ALLOWED_DOMAINS: z
      .string()
      .trim()
      .refine((v) => v.split(",").every((d) => DOMAIN.test(d.trim().toLowerCase())), {
        message: "must be a comma-separated list of e-mail domains, such as example.com,example.co.uk",
      })
      .optional(),
    OIDC_NAME: z.string().trim().min(1).max(60).default("your company account"),
    // The DNS servers that check organisations' domain proofs (lib/sso/domains.ts), comma-separated
    // addresses with an optional port (1.1.1.1, 127.0.0.1:5353, [::1]:53); unset: the system's.
    DNS_SERVERS: z
      .string()
      .trim()
      .refine((v) => v.split(",").every((s) => DNS_SERVER.test(s.trim())), {
        message: "must be a comma-separated list of IP addresses, each with an optional port, such as 1.1.1.1,127.0.0.1:5353",
      })
      .optional(),
    // Which build this server runs (next.config.ts): baked in by `next build`, never set by hand.
    TWOFOLD_BUILD: z.enum(["production", "test", "bench"]).default("production"),
    // "true" in the output of `next build` (next.config.ts): such a server is production, whatever
    // NODE_ENV it is started with.
    TWOFOLD_COMPILED: booleanish.default(false),
  })
  .transform((raw, ctx) => {
    const production = raw.NODE_ENV === "production" || raw.TWOFOLD_COMPILED;
    if (production && !raw.AUTH_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["AUTH_SECRET"],
        message: "is required in production: set it to a random string of 32+ characters (openssl rand -base64 32)",
      });
    }
    // A production server runs the switches of the test and bench routes only on a build that
    // compiled those routes (next.config.ts): set on a production build, they would mean its
    // operator believes something the build does not do, so it stops rather than guesses.
    if (production && raw.E2E_FIXTURES && raw.TWOFOLD_BUILD !== "test") {
      ctx.addIssue({
        code: "custom",
        path: ["E2E_FIXTURES"],
        message: `is for the test suite only and this is a ${raw.TWOFOLD_BUILD} build: unset it (only a TWOFOLD_BUILD=test build has the fixture routes)`,
      });
    }
    if (production && raw.BENCH_FLOOR && raw.TWOFOLD_BUILD === "production") {
      ctx.addIssue({
        code: "custom",
        path: ["BENCH_FLOOR"],
        message:
          "is for `npm run bench` only and this is a production build: unset it (only a TWOFOLD_BUILD=bench or test build has the bench routes)",
      });
    }
    // Half a single sign-on set-up is a mistake, not a choice: say which variables are missing.
    const oidcSet = OIDC_VARIABLES.filter((name) => raw[name] !== undefined);
    if (oidcSet.length > 0 && oidcSet.length < OIDC_VARIABLES.length) {
      for (const name of OIDC_VARIABLES.filter((n) => raw[n] === undefined)) {
        ctx.addIssue({
          code: "custom",
          path: [name],
          message: `is required with ${oidcSet.join(", ")}: single sign-on needs all of ${OIDC_VARIABLES.join(", ")}`,
        });
      }
    }
    const embedded = !raw.DATABASE_URL;
    return {
      nodeEnv: raw.NODE_ENV,
      production,
      databaseUrl: raw.DATABASE_URL,
      embedded,
      dataDir: path.resolve(/* turbopackIgnore: true */ raw.DATA_DIR),
      // The open requests' ballot keys (lib/surveys/sealing.ts): kept as files, never in the
      // database, so no write-ahead log or backup of the database holds them; deleted at close.
      keysDir: path.resolve(/* turbopackIgnore: true */ raw.KEYS_DIR ?? `${raw.DATA_DIR.replace(/[\\/]+$/, "")}-keys`),
      authSecret: raw.AUTH_SECRET ?? DEV_AUTH_SECRET,
      appUrl: raw.APP_URL.replace(/\/+$/, ""),
      smtpUrl: raw.SMTP_URL,
      mailFrom: raw.MAIL_FROM,
      // Demo data and the in-process job runner default to on for the embedded database (one
      // process owns it, so `npm run jobs` cannot open it) and off for a server Postgres.
      seedDemoData: raw.SEED_DEMO_DATA ?? embedded,
      jobsInProcess: raw.JOBS_IN_PROCESS ?? embedded,
      jobsIntervalSeconds: raw.JOBS_INTERVAL_SECONDS,
      // The dev outbox page exists only outside production; in production without SMTP, links
      // go to the server log only.
      devOutbox: !production && !raw.SMTP_URL,
      // The e2e suite's data route, compiled into test builds only (next.config.ts).
      e2eFixtures: raw.E2E_FIXTURES,
      // Every sign-in from behind one office NAT shares an IP address: raise this for big sites.
      signInLimitPerIp: raw.SIGN_IN_LIMIT_PER_IP,
      // How many reverse proxies in front of the app append to X-Forwarded-For. 0: the header is
      // the client's to choose and is ignored; the connection's own address is used.
      trustedProxies: raw.TRUSTED_PROXIES,
      // `npm run bench` only: the no-database floor routes and the bench's measuring routes are
      // compiled into bench and test builds only, and answer 404 there unless this is set.
      benchFloor: raw.BENCH_FLOOR,
      build: raw.TWOFOLD_BUILD,
      // Null: the system's resolvers (/etc/resolv.conf).
      dnsServers: raw.DNS_SERVERS ? raw.DNS_SERVERS.split(",").map((s) => s.trim()) : null,
      // The installation's identity provider (lib/auth/sso.ts), or null for e-mail links only.
      oidc:
        raw.OIDC_ISSUER && raw.OIDC_CLIENT_ID && raw.OIDC_CLIENT_SECRET && raw.OIDC_ALLOWED_DOMAINS
          ? {
              // As the provider spells it, a trailing slash included: the ID token's iss must match exactly.
              issuer: raw.OIDC_ISSUER,
              clientId: raw.OIDC_CLIENT_ID,
              clientSecret: raw.OIDC_CLIENT_SECRET,
              allowedDomains: [...new Set(raw.OIDC_ALLOWED_DOMAINS.split(",").map((d) => d.trim().toLowerCase()))],
              name: raw.OIDC_NAME,
            }
          : null,
    };
  });

export type Env = z.output<typeof schema>;

export class EnvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EnvError";
  }
}

/** Turn zod issues into one sentence per variable, naming it. */
export function describeEnvIssues(error: z.ZodError): string {
  const lines = error.issues.map((issue) => {
    const name = issue.path.join(".") || "environment";
    return `- ${name} ${issue.message}`;
  });
  return `Twofold cannot start: the configuration is invalid.\n${lines.join("\n")}\nSee .env.example for every variable.`;
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  // Empty strings in .env files mean "not set".
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v.trim() !== ""));
  const result = schema.safeParse(cleaned);
  if (!result.success) throw new EnvError(describeEnvIssues(result.error));
  return result.data;
}

const cache = globalThis as unknown as { __twofoldEnv?: Env };

export function env(): Env {
  // Spelt out so that `next build` replaces it with the build's own kind (next.config.ts `env`):
  // the running server cannot claim to be another build than the one it is.
  cache.__twofoldEnv ??= parseEnv({
    ...process.env,
    TWOFOLD_BUILD: process.env.TWOFOLD_BUILD,
    TWOFOLD_COMPILED: process.env.TWOFOLD_COMPILED,
  });
  return cache.__twofoldEnv;
}

/** Tests and scripts that change process.env call this so the next `env()` re-reads it. */
export function resetEnvCache(): void {
  delete cache.__twofoldEnv;
}
