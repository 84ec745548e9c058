/** The session cookie's name. Its own module so that scripts (the dev warm-up) need not load next-auth. */
export function sessionCookieName(production: boolean): string {
  // __Host- pins the cookie to this exact host, over HTTPS, for the whole site.
  return production ? "__Host-twofold.session" : "twofold.session";
}
