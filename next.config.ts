import type { NextConfig } from "next";

const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  // Browsers ignore HSTS over plain http (a local `next start`), and honour it behind HTTPS.
  ...(process.env.NODE_ENV === "production" ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }] : []),
];

const config: NextConfig = {
  // PGlite ships WASM and data files it loads from its own folder: keep it out of the bundle.
  // pdfkit reads its font metrics from its own folder at run time: also external.
  serverExternalPackages: ["@electric-sql/pglite", "pdfkit"],
  poweredByHeader: false,
  experimental: {
    serverActions: {
      // The largest input any action takes is the directory import: 1,000,000 characters, checked
      // by its schema with a plain sentence. Sent as JSON in UTF-8 a character can take up to 6
      // bytes (3 for most scripts, 6 for an escaped control character), so with Next's default of
      // 1 MB a 0.9 MB file could already fail before our check ran, with a 500 (issue 19, finding 9).
      bodySizeLimit: "6mb",
    },
  },
  devIndicators: false,
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default config;
