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
