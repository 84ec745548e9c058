import { NextResponse, type NextRequest } from "next/server";
import { getSurveyLink } from "@/lib/surveys/queries";

/**
 * Survey link pages: answer with the right status (410 once the feedback has closed, 404 for an
 * unknown or revoked link, the same page whatever the reason), and never send a Referer from a page
 * whose URL carries a token.
 */
export async function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  if (pathname.startsWith("/s/") && request.method === "GET") {
    const found = await getSurveyLink(decodeURIComponent(pathname.slice(3)));
    if (found.status !== "valid") {
      const to = new URL(found.status === "closed" ? "/link/closed" : "/link/invalid", request.url);
      return noReferrer(NextResponse.rewrite(to, { status: found.status === "closed" ? 410 : 404 }));
    }
  }
  return noReferrer(NextResponse.next());
}

function noReferrer(response: NextResponse): NextResponse {
  response.headers.set("Referrer-Policy", "no-referrer");
  response.headers.set("Cache-Control", "no-store");
  return response;
}

export const config = { matcher: ["/s/:path*", "/survey/:path*", "/link/:path*"] };
