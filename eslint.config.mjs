// @ts-check
/**
 * The structure the code keeps (ADR 0013), checked in `npm test` and `npm run lint`. Only rules
 * about structure: formatting is prettier's and types are tsc's.
 *
 *   app/ -> lib/<domain> -> lib/db       routes call domains; only domains touch the database
 *   lib/report                           pure: neither the database nor a route
 *   lib/db                               infrastructure: imports lib/env, lib/log and lib/errors,
 *                                        and types only from the pure lib/report and lib/framework
 *                                        (the shapes of its JSON columns); never a domain module
 *   production (app/, lib/, proxy.ts, instrumentation.ts) never imports tests/, bench/ or scripts/,
 *                                        except the `*.fixture.ts` / `*.bench.ts(x)` routes, which
 *                                        only test and bench builds compile (next.config.ts)
 *   lib/auth                             the identity choke point: domains import it, it imports no
 *                                        domain's code (types are fine: they vanish at run time)
 *   process.env                          read in lib/env.ts only (exemptions below, with reasons)
 *   no import cycles anywhere
 */
import importX from "eslint-plugin-import-x";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import tseslint from "typescript-eslint";

const domainOnly = "app/ never imports lib/db: call the domain module (lib/<domain>) that owns the query.";
const pureReport = "lib/report is pure (no I/O): it takes plain rows and never imports the database or a route.";
const noTestCode = "Production code never imports tests/, bench/ or scripts/: only *.fixture.ts and *.bench.ts(x) routes may.";

/** Zones every file under app/ and lib/ keeps. */
const directionZones = [
  { target: "./app", from: "./lib/db", message: domainOnly },
  { target: "./lib/report", from: ["./lib/db", "./app"], message: pureReport },
  { target: "./lib", from: "./app", message: "lib/ never imports app/: routes depend on lib, not the other way round." },
];

const infrastructure = "(?:db|env|log|errors)";
const domains = "(?:cycles|dashboards|jobs|organisations|people|pulse|reports|requests|surveys)";
const pureTypes = "(?:report|framework)";

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      ".next/",
      ".next-test/",
      ".next-bench/",
      ".test-data/",
      ".data/",
      "bench/.data/",
      "bench/results/",
      "drizzle/",
      "test-results/",
      "playwright-report/",
      "next-env.d.ts",
    ],
  },
  {
    files: ["**/*.ts", "**/*.tsx", "**/*.mts"],
    languageOptions: { parser: tseslint.parser, parserOptions: { ecmaFeatures: { jsx: true } } },
    plugins: { "import-x": importX },
    settings: {
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: "./tsconfig.json" })],
      "import-x/extensions": [".ts", ".tsx", ".mts", ".js", ".mjs"],
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      "import-x/no-cycle": ["error", { ignoreExternal: true }],
      "no-restricted-properties": [
        "error",
        {
          object: "process",
          property: "env",
          message: "Read configuration through env() from lib/env.ts, the only reader of process.env.",
        },
      ],
    },
  },
  {
    // Exempt from the process.env rule:
    // - lib/env.ts: the reader itself;
    // - the tools' own config files (next, playwright, vitest, drizzle-kit): the tool evaluates
    //   them before any app code, and what they read (ports, build kind) configures the tool;
    // - scripts/, bench/ and tests/: command-line programs and test harnesses that start servers
    //   with an environment of their own making, or change it to test env() itself;
    // - proxy.ts and instrumentation.ts: they read only what Next sets and inlines at build time
    //   (NODE_ENV, NEXT_RUNTIME, NEXT_PHASE), and must not import lib/env (the proxy would send
    //   the dev server into a reload loop; instrumentation runs during `next build`, which must
    //   not need production settings, and NEXT_RUNTIME must stay a literal for the edge bundle).
    files: [
      "lib/env.ts",
      "next.config.ts",
      "playwright.config.ts",
      "vitest.config.mts",
      "drizzle.config.ts",
      "scripts/**",
      "bench/**",
      "tests/**",
      "proxy.ts",
      "instrumentation.ts",
    ],
    rules: { "no-restricted-properties": "off" },
  },
  {
    files: ["app/**", "lib/**", "proxy.ts", "instrumentation.ts"],
    ignores: ["**/*.fixture.ts", "**/*.bench.ts", "**/*.bench.tsx"],
    rules: {
      "import-x/no-restricted-paths": [
        "error",
        {
          zones: [
            ...directionZones,
            {
              target: ["./app", "./lib", "./proxy.ts", "./instrumentation.ts"],
              from: ["./tests", "./bench", "./scripts"],
              message: noTestCode,
            },
          ],
        },
      ],
    },
  },
  {
    // The test and bench routes: the same direction rules (their helpers in tests/fixtures and
    // bench/ may use lib/db, the routes themselves may not).
    files: ["app/**/*.fixture.ts", "app/**/*.bench.ts", "app/**/*.bench.tsx"],
    rules: { "import-x/no-restricted-paths": ["error", { zones: directionZones }] },
  },
  {
    files: ["lib/auth/**"],
    plugins: { "@typescript-eslint": tseslint.plugin },
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: `^(?:@/lib/|\\.\\./)${domains}(?:/|$)`,
              allowTypeImports: true,
              message: "lib/auth is the identity choke point every domain imports: it must not import a domain's code back.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["lib/db/**"],
    plugins: { "@typescript-eslint": tseslint.plugin },
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: `^(?:@/lib/|\\.\\./)${pureTypes}(?:/|$)`,
              allowTypeImports: true,
              message: "lib/db may take types from the pure lib/report and lib/framework (its JSON columns' shapes), never code.",
            },
            {
              regex: `^(?:@/lib/|\\.\\./)(?!${infrastructure}(?:/|$)|${pureTypes}(?:/|$))`,
              message:
                "lib/db is infrastructure: it imports only lib/env, lib/log and lib/errors, never a domain module (the domain imports lib/db).",
            },
            { regex: "^@/(?:app|tests|bench|scripts)(?:/|$)", message: noTestCode },
          ],
        },
      ],
    },
  },
);
