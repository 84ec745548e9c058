import { NextResponse, type NextRequest } from "next/server";

/**
 * Pages whose URL carries a survey token (and the survey pages after it) never send a Referer to
 * another site and are never cached. Deliberately free of database imports: the proxy runs before
 * every matched request and must stay cheap (and importing the database here makes the dev
 * bundler reload pages in a loop).
 */
export function proxy(_request: NextRequest) {
  const response = NextResponse.next();
  response.headers.set("Referrer-Policy", "no-referrer");
  response.headers.set("Cache-Control", "no-store");
  return response;
}

export const config = { matcher: ["/s/:path*", "/survey/:path*", "/link/:path*"] };
