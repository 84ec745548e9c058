import { NextResponse, type NextRequest } from "next/server";
import { isWellFormedActionBody } from "@/lib/http/action-body";

/**
 * Security headers that need a per-request value or depend on the path:
 * - a Content-Security-Policy whose scripts must carry this request's nonce (Next adds it to its
 *   own scripts when it sees the policy on the request), so no inline script runs without it;
 * - Referrer-Policy no-referrer and no caching on pages whose URL carries a survey token;
 * - a 400 for server-action bodies the framework could not even decode (see lib/http/action-body).
 * Static headers (nosniff, frame options, HSTS) are in next.config.ts. Deliberately free of
 * database imports: it runs before every page (and importing the database here makes the dev
 * bundler reload pages in a loop).
 */
export async function proxy(request: NextRequest) {
  // A server action called by our own scripts (the next-action header; a form posted without
  // JavaScript has none) is answered with an RSC payload, never a document: no policy or nonce to
  // give it, and Next marks it no-store itself. It only needs its body checked. Going straight on
  // keeps the proxy's share of a survey submit small (bench, issue 8); the body is read from the
  // copy Next hands the proxy, so no second copy is made.
  if (request.method === "POST" && request.headers.has("next-action")) {
    if (request.headers.get("content-type")?.startsWith("text/plain") && !isWellFormedActionBody(await request.text())) {
      return NextResponse.json({ error: "Malformed request." }, { status: 400 });
    }
    return NextResponse.next();
  }
  // NODE_ENV is fixed by Next at build time. (Not lib/env: importing it here, with its path
  // handling for the data folder, sends the dev server into a reload loop.)
  const production = process.env.NODE_ENV === "production";
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const policy = [
    "default-src 'self'",
    // 'unsafe-eval' only in development, where React's debugging tools need it.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${production ? "" : " 'unsafe-eval'"}`,
    // Inline style attributes (chart widths, colours) are allowed; inline scripts are not.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);

  const path = request.nextUrl.pathname;
  if (path.startsWith("/s/") || path.startsWith("/survey/") || path.startsWith("/link/")) {
    response.headers.set("Referrer-Policy", "no-referrer");
    response.headers.set("Cache-Control", "no-store");
  }
  return response;
}

export const config = {
  matcher: [
    {
      source: "/((?!api/|_next/static|_next/image|favicon.ico).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
