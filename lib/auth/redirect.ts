/** The request header in which the proxy hands a page its own path and query (proxy.ts). */
export const PATH_HEADER = "x-twofold-path";

/**
 * Where Auth.js may send someone after signing in: a path on this site, nothing else. Its default
 * parses the callbackUrl with `new URL` and crashes with a 500 on one it cannot parse (issue 19,
 * finding 7); an address on another site, or one that cannot be read, goes to the home page.
 */
export function safeRedirect(url: string, baseUrl: string): string {
  try {
    const base = new URL(baseUrl);
    const target = new URL(url, base);
    if (target.origin !== base.origin) return base.origin;
    // A path that is not valid percent-encoding leads nowhere.
    decodeURIComponent(target.pathname);
    return target.toString();
  } catch {
    try {
      return new URL(baseUrl).origin;
    } catch {
      return "/";
    }
  }
}

/** A callbackUrl Auth.js can take as it is: a readable path on this site. */
export function isSitePath(value: string): boolean {
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\") || /[\u0000-\u001F\u007F]/.test(value)) return false;
  try {
    decodeURIComponent(value);
    return true;
  } catch {
    return false;
  }
}

/**
 * Where to send someone after sign-in, from a `callbackUrl` the browser brought: a path on this
 * site (never `//host` or `https://host`: an open redirect), and not the sign-in pages or the API
 * themselves; anything else is the home page.
 */
export function callbackPath(value: unknown): string {
  if (typeof value !== "string" || value.length > 2000 || !isSitePath(value)) return "/";
  // Not back to signing in, nor to a link that carries a token (it would sit in the sign-in URL).
  if (/^\/(sign-in|api|s|survey|link)(\/|\?|#|$)/.test(value)) return "/";
  return value;
}

/** The sign-in page for a signed-out visitor of `path`, with that path to come back to. */
export function signInPathFor(path: string | null): string {
  const back = callbackPath(path);
  return back === "/" ? "/sign-in" : `/sign-in?callbackUrl=${encodeURIComponent(back)}`;
}
