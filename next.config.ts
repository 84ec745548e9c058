import type { NextConfig } from "next";
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

const config: NextConfig = {
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
      ...["/s/:path*", "/survey/:path*", "/link/:path*", "/sign-in/confirm"].map((source) => ({ source, headers: secretPageHeaders })),
    ];
  },
};

export default config;
