import { NextResponse, type NextRequest } from "next/server";
import { isSitePath, PATH_HEADER } from "@/lib/auth/redirect";
import { refusePath, refusePost, type Refusal } from "@/lib/http/request-checks";

/**
 * Security headers that need a per-request value or depend on the path:
 * - a Content-Security-Policy whose scripts must carry this request's nonce (Next adds it to its
 *   own scripts when it sees the policy on the request), so no inline script runs without it;
 * - Referrer-Policy no-referrer and no caching on pages whose URL carries a survey token;
 * - a 4xx with a sentence for requests the framework could not even read: paths that are not valid
 *   percent-encoding, server-action bodies that are too large, undecodable or from another site
 *   (lib/http/request-checks; Next would answer each with a 500 and a stack in the log).
 * Static headers (nosniff, frame options, HSTS) are in next.config.ts. Deliberately free of
 * database imports: it runs before every page (and importing the database here makes the dev
 * bundler reload pages in a loop).
 */
export async function proxy(request: NextRequest) {
  // A path that is not valid percent-encoding names nothing (Next would answer it with a 500).
  const badPath = refusePath(new URL(request.url).pathname);
  if (badPath) return refuse(badPath);
  // Auth.js answers a callbackUrl it cannot parse with a 500 (InvalidCallbackUrl) before any of
  // our callbacks run: anything but a readable path on this site is replaced by the home page.
  const callbackUrl = request.nextUrl.searchParams.get("callbackUrl");
  if (request.nextUrl.pathname.startsWith("/api/auth/") && callbackUrl !== null && !isSitePath(callbackUrl)) {
    const url = request.nextUrl.clone();
    url.searchParams.set("callbackUrl", "/");
    // Sent back to the same address with a callbackUrl it can read (a rewrite would not change
    // the URL Auth.js reads); 307 keeps the method.
    return NextResponse.redirect(url, 307);
  }
  // Route handlers set their own headers; the proxy only checks their paths.
  if (request.nextUrl.pathname.startsWith("/api/")) return NextResponse.next();
  // A POST to a page is a server action: from our own scripts (the next-action header) or a form
  // posted without JavaScript. Refused with a 4xx and a sentence when it comes from another site,
  // is too large, or cannot be decoded (lib/http/request-checks). A call from our scripts is
  // answered with an RSC payload, never a document: no policy or nonce to give it, and Next marks
  // it no-store itself. Going straight on keeps the proxy's share of a survey submit small (bench,
  // issue 8); the body is read from the copy Next hands the proxy, so no second copy is made.
  if (request.method === "POST") {
    const refusal = await refusePost(request);
    if (refusal) return refuse(refusal);
    if (request.headers.has("next-action")) return NextResponse.next();
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
  // The page's own address, for sending a signed-out visitor back to it after sign-in (whatever
  // a client sent under this name is replaced).
  requestHeaders.set(PATH_HEADER, request.nextUrl.pathname + request.nextUrl.search);
  requestHeaders.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);

  if (carriesSecret(request.nextUrl.pathname)) {
    response.headers.set("Referrer-Policy", "no-referrer");
    response.headers.set("Cache-Control", "no-store");
  }
  return response;
}

/**
 * Pages whose URL carries a secret (a survey token, a sign-in link's token) or leads to a rater's
 * answers: no Referer leaves them, and nothing keeps a copy. next.config.ts sets the same
 * Referrer-Policy for these paths, so it holds even for a response the proxy never sees.
 */
function carriesSecret(path: string): boolean {
  return SECRET_PATH_PREFIXES.some((prefix) => path.startsWith(prefix)) || SECRET_PAGES.includes(path.replace(/\/+$/, ""));
}
const SECRET_PATH_PREFIXES = ["/s/", "/survey/", "/link/", "/plan-link/"];
const SECRET_PAGES = ["/sign-in/confirm"];

// Every page request goes through the proxy, prefetches included (`Purpose: prefetch`,
// `Sec-Purpose: prefetch`, `Next-Router-Prefetch`): a prefetched document is shown to the user as
// it is, so it needs the same policy and headers as any other (issue 19, finding 12).
export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};

function refuse({ status, error }: Refusal) {
  return NextResponse.json({ error }, { status, headers: { "Cache-Control": "no-store" } });
}
