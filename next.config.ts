import type { NextConfig } from "next";
import { PHASE_PRODUCTION_BUILD } from "next/constants";
import { ACTION_BODY_LIMIT_BYTES } from "./lib/http/limits";

const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  // Browsers ignore HSTS over plain http (a local `next start`), and honour it behind HTTPS.
  ...(process.env.NODE_ENV === "production" ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }] : []),
];

// (Cache-Control for these is set by proxy.ts: Next replaces a page's Cache-Control from here.)
const secretPageHeaders = [{ key: "Referrer-Policy", value: "no-referrer" }];

/**
 * Which build this is (ADR 0012): unset for production; `test` (npm test's journeys) adds the
 * routes in `*.fixture.ts` and `*.bench.ts(x)` files, `bench` (npm run bench) only the bench's.
 * A production build never compiles them, so it cannot serve them whatever its environment says.
 * Each kind builds into its own folder and `next start` serves the folder of the kind it is told,
 * so a plain `next start` can only ever serve a production build. The kind is also baked into the
 * server code (`env` below), where lib/env.ts refuses E2E_FIXTURES / BENCH_FLOOR on a build
 * without their routes.
 */
export const BUILDS = {
  production: { distDir: ".next", extraPageExtensions: [] },
  test: { distDir: ".next-test", extraPageExtensions: ["fixture.ts", "bench.ts", "bench.tsx"] },
  bench: { distDir: ".next-bench", extraPageExtensions: ["bench.ts", "bench.tsx"] },
} as const;

function buildKind(): keyof typeof BUILDS {
  const value = process.env.TWOFOLD_BUILD?.trim() || "production";
  if (!(value in BUILDS)) throw new Error(`TWOFOLD_BUILD must be one of ${Object.keys(BUILDS).join(", ")} (or unset for production)`);
  return value as keyof typeof BUILDS;
}

/** The file endings Next treats as pages and route handlers in a build of this kind. */
export function pageExtensionsOf(kind: keyof typeof BUILDS): string[] {
  return [...BUILDS[kind].extraPageExtensions, "tsx", "ts"];
}

const build = buildKind();

const config = (phase: string): NextConfig => ({
  distDir: BUILDS[build].distDir,
  pageExtensions: pageExtensionsOf(build),
  // TWOFOLD_COMPILED: made by `next build`. lib/env.ts then treats the server as production whatever
  // NODE_ENV it is started with (`NODE_ENV=development next start` would otherwise serve the dev
  // mailbox, with everyone's sign-in links, and accept the development secret).
  env: { TWOFOLD_BUILD: build, TWOFOLD_COMPILED: phase === PHASE_PRODUCTION_BUILD ? "true" : "false" },
  // PGlite ships WASM and data files it loads from its own folder: keep it out of the bundle.
  // pdfkit reads its font metrics from its own folder at run time: also external.
  serverExternalPackages: ["@electric-sql/pglite", "pdfkit"],
  poweredByHeader: false,
  devIndicators: false,
  // proxy.ts refuses larger bodies with a 413 first (Next would answer them with a 500); see
  // lib/http/limits.ts for why the limit is 6 MB.
  experimental: { serverActions: { bodySizeLimit: ACTION_BODY_LIMIT_BYTES } },
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      // Pages whose URL carries a token (proxy.ts sets the same): later entries win over earlier ones.
      ...["/s/:path*", "/survey/:path*", "/link/:path*", "/plan-link/:path*", "/sign-in/confirm"].map((source) => ({
        source,
        headers: secretPageHeaders,
      })),
    ];
  },
});

export default config;
