/**
 * A real OpenID Connect provider for the sign-in journeys: the certified `oidc-provider` package
 * (panva/node-oidc-provider) on loopback, with its development login form. Started by
 * playwright.config.ts like the mail catcher. Nothing here imitates the protocol: discovery,
 * the authorization code with PKCE, ID tokens, the single use of a code are the package's own.
 *
 * Accounts: whatever is typed as the login is the account's e-mail address, verified. A login
 * written `unverified:<address>` is an account whose provider has not verified its address.
 *
 * One deliberate fault, per browser: a browser holding the cookie `twofold-test-impostor=1` on
 * this host gets authorization responses whose `iss` (RFC 9207) names another issuer, as in a
 * mix-up attack where the response comes from a provider the app did not ask.
 *
 *   POST /reg     registers a client (OpenID Connect Dynamic Client Registration)
 *   GET /impostor/.well-known/openid-configuration   this provider's discovery document, at an
 *                 address whose issuer it is not
 *   GET /health   200 when listening
 *   POST /dns     {"name": "_twofold.example.com", "values": ["twofold-verification=…"]} sets TXT
 *                 records on the DNS server this process also runs (UDP, 127.0.0.1, the same port
 *                 number as this provider), which the app under test resolves with (DNS_SERVERS):
 *                 the journeys publish a domain's proof as HR would at their DNS host.
 */
import http from "node:http";
import Provider, { type Configuration } from "oidc-provider";

import { startDnsServer, type DnsTestServer } from "./dns-test-server";
import { IMPOSTOR_COOKIE, OIDC_TEST_CLIENT_ID, OIDC_TEST_CLIENT_SECRET } from "./oidc-test-client";

const port = Number(process.env.OIDC_TEST_PORT ?? 2528);
const issuer = `http://127.0.0.1:${port}`;
const redirectBase = process.env.OIDC_TEST_REDIRECT_BASE ?? "http://localhost:3100";

function claimsOf(login: string) {
  const unverified = login.startsWith("unverified:");
  const email = unverified ? login.slice("unverified:".length) : login;
  return { sub: login, email, email_verified: !unverified, name: email.split("@")[0] };
}

const configuration: Configuration = {
  clients: [
    {
      client_id: OIDC_TEST_CLIENT_ID,
      client_secret: OIDC_TEST_CLIENT_SECRET,
      redirect_uris: [`${redirectBase}/api/auth/callback/sso`],
      grant_types: ["authorization_code"],
      response_types: ["code"],
    },
  ],
  async findAccount(_ctx, id) {
    return { accountId: id, claims: async () => claimsOf(id) };
  },
  claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
  // Entra ID, Google and Keycloak put the address in the ID token; so does this provider.
  conformIdTokenClaims: false,
  // The consent screen adds nothing to these journeys: the grant for Twofold's scopes is given.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session!.grantIdFor(ctx.oidc.client!.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId });
    grant.addOIDCScope("openid email profile");
    await grant.save();
    return grant;
  },
  cookies: { keys: ["twofold-e2e-oidc-cookie-key-one", "twofold-e2e-oidc-cookie-key-two"] },
  // Dynamic client registration (RFC 7591): each organisation's journey registers its own
  // redirect URI, as HR registers Twofold at their provider.
  features: { devInteractions: { enabled: true }, registration: { enabled: true } },
};

const provider = new Provider(issuer, configuration);
const handle = provider.callback();

let dns: DnsTestServer | undefined;

const server = http.createServer((req, res) => {
  if (req.url === "/dns" && req.method === "POST") {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      const { name, values } = JSON.parse(body) as { name: string; values: string[] };
      dns!.setTxt(name, values);
      res.writeHead(204).end();
    });
    return;
  }
  if (req.url === "/health") {
    res.writeHead(200, { "content-type": "application/json" });
    res.end('{"ok":true}');
    return;
  }
  // A second address that serves this provider's discovery document, which names this issuer, not
  // that address: an app configured with the address must refuse it (OpenID Discovery, 4.3).
  if (req.url === "/impostor/.well-known/openid-configuration") req.url = "/.well-known/openid-configuration";
  if ((req.headers.cookie ?? "").includes(`${IMPOSTOR_COOKIE}=1`)) {
    const setHeader = res.setHeader.bind(res);
    res.setHeader = (name, value) => {
      if (String(name).toLowerCase() === "location" && typeof value === "string" && value.includes("code=")) {
        const target = new URL(value);
        target.searchParams.set("iss", `${issuer}/impostor`);
        return setHeader(name, target.toString());
      }
      return setHeader(name, value);
    };
  }
  void handle(req, res);
});

// The DNS server first: /health answers only once both are up.
void startDnsServer(port).then((started) => {
  dns = started;
  server.listen(port, "127.0.0.1", () => console.log(`OpenID provider: ${issuer}; DNS (UDP): ${started.address}`));
});
const stop = () => server.close(() => void (dns?.close() ?? Promise.resolve()).then(() => process.exit(0)));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
