import { AsyncLocalStorage } from "node:async_hooks";
import { and, eq, isNotNull, isNull, or } from "drizzle-orm";
import type { Provider } from "next-auth/providers";
import { getDb, type Executor } from "@/lib/db";
import {
  accounts,
  memberships,
  organisations,
  organisationSso,
  organisationSsoDomains,
  people,
  users,
  type SessionVia,
} from "@/lib/db/schema";
import type { Env } from "@/lib/env";
import { openClientSecret } from "./sso-secret";
import { checkClaims, classifySsoFailure, type SsoProblem } from "./sso-rules";

/**
 * Single sign-on with OpenID Connect: the installation's provider (OIDC_* in lib/env.ts) and each
 * organisation's own (set by its HR, lib/sso/settings.ts). A provider proves who someone is;
 * Twofold still decides who may come in, as for e-mail links: a person whose verified address,
 * in an allowed domain, is in a directory; for an organisation's provider, that organisation's
 * directory, and the session it starts reaches that organisation only (lib/auth/viewer.ts).
 */

export const SSO_PROVIDER_ID = "sso";
const ORGANISATION_PREFIX = "sso-";

/** An organisation's provider id, as in its redirect URI `<APP_URL>/api/auth/callback/sso-<id>`. */
export function organisationProviderId(organisationId: string): string {
  return `${ORGANISATION_PREFIX}${organisationId}`;
}

export function redirectUriFor(appUrl: string, providerId: string): string {
  return `${appUrl}/api/auth/callback/${providerId}`;
}

/** One identity provider Twofold signs people in with. */
export interface SsoConnection {
  providerId: string;
  name: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  allowedDomains: string[];
  /** Null for the installation's provider. */
  organisationId: string | null;
}

/**
 * Every provider there is: the installation's, then each organisation's whose secret opens (one
 * that does not, after AUTH_SECRET changed, is left out until HR enters it again). Read per
 * request: a change on the settings page counts from the next sign-in.
 */
export async function loadSsoConnections(db: Executor, config: Env): Promise<SsoConnection[]> {
  const out: SsoConnection[] = [];
  if (config.oidc) out.push({ providerId: SSO_PROVIDER_ID, organisationId: null, ...config.oidc });
  const rows = await db
    .select({
      organisationId: organisationSso.organisationId,
      name: organisations.name,
      issuer: organisationSso.issuer,
      clientId: organisationSso.clientId,
      sealed: organisationSso.clientSecretSealed,
      domain: organisationSsoDomains.domain,
    })
    .from(organisationSso)
    .innerJoin(organisations, eq(organisations.id, organisationSso.organisationId))
    // Only domains whose DNS proved the organisation holds them: a provider signs in no address
    // of a domain still waiting (lib/sso/domains.ts). The installation's are the operator's.
    .leftJoin(
      organisationSsoDomains,
      and(eq(organisationSsoDomains.organisationId, organisationSso.organisationId), isNotNull(organisationSsoDomains.verifiedAt)),
    );
  const byOrganisation = new Map<string, SsoConnection>();
  for (const row of rows) {
    let connection = byOrganisation.get(row.organisationId);
    if (!connection) {
      const clientSecret = openClientSecret(config.authSecret, row.organisationId, row.sealed);
      if (clientSecret === null) continue;
      connection = {
        providerId: organisationProviderId(row.organisationId),
        name: `${row.name}'s company account`,
        issuer: row.issuer,
        clientId: row.clientId,
        clientSecret,
        allowedDomains: [],
        organisationId: row.organisationId,
      };
      byOrganisation.set(row.organisationId, connection);
    }
    if (row.domain) connection.allowedDomains.push(row.domain);
  }
  return [...out, ...byOrganisation.values()];
}

/** How a callback at this path signs in, for the session it creates (sessions.via). */
export function sessionViaFor(pathname: string | undefined): { via: SessionVia; ssoOrganisationId: string | null } {
  const provider = pathname?.match(/\/callback\/([^/]+)$/)?.[1];
  if (provider === SSO_PROVIDER_ID) return { via: "installation", ssoOrganisationId: null };
  if (provider?.startsWith(ORGANISATION_PREFIX)) {
    const id = provider.slice(ORGANISATION_PREFIX.length);
    if (/^[0-9a-f-]{36}$/.test(id)) return { via: "organisation", ssoOrganisationId: id };
  }
  return { via: "email", ssoOrganisationId: null };
}

export function isSsoProviderId(id: string | undefined): boolean {
  return id === SSO_PROVIDER_ID || Boolean(id?.startsWith(ORGANISATION_PREFIX));
}

/** Where every failed sign-in with a provider ends: one page, one sentence per kind of failure. */
export const SSO_PROBLEM_PATH = "/sign-in/problem";

export function ssoProblemUrl(problem: SsoProblem): string {
  return `${SSO_PROBLEM_PATH}?problem=${problem}`;
}

/** What the sign-in page offers besides e-mail links: the provider's button, or nothing. */
export function ssoOffer(config: Env): { name: string } | null {
  return config.oidc ? { name: config.oidc.name } : null;
}

export function ssoProviders(connections: SsoConnection[]): Provider[] {
  return connections.map((c) => ({
    id: c.providerId,
    name: c.name,
    type: "oidc" as const,
    issuer: c.issuer,
    clientId: c.clientId,
    clientSecret: c.clientSecret,
    // All three: PKCE binds the code to this browser, state the response to this request, the
    // nonce the ID token to this sign-in (a token replayed from another sign-in fails).
    checks: ["pkce", "state", "nonce"] as ("pkce" | "state" | "nonce")[],
    authorization: { params: { scope: "openid email profile" } },
    /*
     * People exist before their first sign-in (HR adds them), so the first sign-in with the
     * provider must attach its account to the user who has that address, which Auth.js only
     * does with this switch. It is safe here because the signIn callback lets the attachment
     * happen only for an address the provider has verified, in an allowed domain, that the
     * provider's directory holds (ssoSignInVerdict); never for a bare e-mail claim. And an
     * organisation's provider starts sessions that reach that organisation only, so an
     * organisation whose HR points its provider at someone else's address gains nothing
     * elsewhere (ADR 6).
     */
    allowDangerousEmailAccountLinking: true,
    profile(claims: Record<string, unknown>) {
      return {
        id: String(claims.sub),
        name: typeof claims.name === "string" ? claims.name : null,
        email: typeof claims.email === "string" ? claims.email.trim().toLowerCase() : null,
        image: null,
      };
    },
  }));
}

/**
 * Whether a sign-in with the provider may go on: true, or the problem page to send the browser
 * to. Decided in this order, so the answer never says whether an address is in a directory:
 * the claims (verified, allowed domain), then the directory. "refused" is the one answer for an
 * unknown address, a deactivated person and a person of no organisation alike.
 *
 * An account already attached (a returning user) must still carry the address of the user it is
 * attached to: if the provider now gives that account another address, the attachment is stale
 * (the address moved to someone else) and nobody is signed in on it.
 */
export async function ssoSignInVerdict(
  db: Executor,
  connection: SsoConnection | undefined,
  claims: Record<string, unknown>,
  account: { provider: string; providerAccountId: string },
): Promise<true | SsoProblem> {
  if (!connection) return "provider";
  const verdict = checkClaims(claims, connection.allowedDomains);
  if (!verdict.ok) return verdict.problem;
  const scope = connection.organisationId ? eq(memberships.organisationId, connection.organisationId) : undefined;
  const [known] = await db
    .select({ id: users.id })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    // An entry deactivated in that organisation closes it (ADR 6); no entry at all (HR without
    // a directory entry) still counts.
    .leftJoin(people, and(eq(people.userId, users.id), eq(people.organisationId, memberships.organisationId)))
    .where(and(eq(users.email, verdict.email), scope, or(isNull(people.id), eq(people.active, true))))
    .limit(1);
  if (!known) return "refused";
  const [attached] = await db
    .select({ userId: accounts.userId })
    .from(accounts)
    .where(and(eq(accounts.provider, account.provider), eq(accounts.providerAccountId, account.providerAccountId)))
    .limit(1);
  if (attached && attached.userId !== known.id) return "refused";
  return true;
}

/**
 * Auth.js answers a failed callback with a redirect to the sign-in page and `error=Configuration`
 * for most failures, whatever they were, and logs the error. The route runs Auth.js inside this
 * store so that the logger can keep the error of this request, and the redirect can name the
 * kind of failure on the problem page instead (never the error itself).
 */
const failures = new AsyncLocalStorage<{ error?: unknown }>();

export function keepSsoFailure(error: unknown): void {
  const store = failures.getStore();
  if (store && store.error === undefined) store.error = error;
}

/** Run `start` with Auth.js's logged failure kept, for a sign-in started by a server action. */
export async function keepingSsoFailure<T>(start: () => Promise<T>): Promise<{ result: T; error: unknown }> {
  const store: { error?: unknown } = {};
  const result = await failures.run(store, start);
  return { result, error: store.error };
}

export async function withSsoProblems<R extends Request>(request: R, handler: (request: R) => Promise<Response>): Promise<Response> {
  const path = new URL(request.url).pathname;
  const isSso = isSsoProviderId(path.match(/\/(?:callback|signin)\/([^/]+)$/)?.[1]);
  if (!isSso) return handler(request);
  const store: { error?: unknown } = {};
  const response = await failures.run(store, () => handler(request));
  const location = response.headers.get("location");
  if (store.error === undefined || !location) return response;
  const target = new URL(location, request.url);
  if (!target.searchParams.has("error")) return response;
  const headers = new Headers(response.headers);
  headers.set("location", new URL(ssoProblemUrl(classifySsoFailure(store.error)), target.origin).toString());
  return new Response(null, { status: response.status, headers });
}

/**
 * `GET /api/auth/providers` (Auth.js's list, public) names only the installation's own ways in:
 * e-mail links and the installation's provider. An organisation's provider is named after the
 * organisation, so listing them would tell anyone which companies use this installation; the
 * sign-in page reaches one by the address's domain instead (continueWithCompanyAccount), and its
 * sign-in and callback URLs still work, listed or not.
 */
export const PROVIDERS_PATH = /\/api\/auth\/providers\/?$/;

export function installationProvidersOnly(listing: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(listing).filter(([id]) => !id.startsWith(ORGANISATION_PREFIX)));
}

export async function withInstallationProvidersOnly<R extends Request>(
  request: R,
  handler: (request: R) => Promise<Response>,
): Promise<Response> {
  const response = await handler(request);
  if (!PROVIDERS_PATH.test(new URL(request.url).pathname) || !response.ok) return response;
  const listing = (await response.json()) as Record<string, unknown>;
  const headers = new Headers(response.headers);
  headers.delete("content-length");
  headers.set("content-type", "application/json");
  return new Response(JSON.stringify(installationProvidersOnly(listing)), { status: response.status, headers });
}

/**
 * The organisation whose provider signs in addresses of this domain, if any, and whether it still
 * takes e-mail links. Says something about a domain (that an organisation here uses it), never
 * about an address. Only a domain verified by DNS counts: one that an organisation merely typed in
 * sends nobody to its provider and takes nobody's e-mail links away.
 */
export async function ssoForDomain(db: Executor, domain: string): Promise<{ providerId: string; emailLinks: boolean } | null> {
  const [row] = await db
    .select({ organisationId: organisationSso.organisationId, emailLinks: organisationSso.emailLinks })
    .from(organisationSsoDomains)
    .innerJoin(organisationSso, eq(organisationSso.organisationId, organisationSsoDomains.organisationId))
    .where(and(eq(organisationSsoDomains.domain, domain.toLowerCase()), isNotNull(organisationSsoDomains.verifiedAt)))
    .limit(1);
  return row ? { providerId: organisationProviderId(row.organisationId), emailLinks: row.emailLinks } : null;
}

/**
 * Whether any organisation's provider signs anyone in (it has a verified domain): the sign-in page
 * then asks for the address first. One whose domains all wait for DNS routes nobody.
 */
export async function anyOrganisationSso(db?: Executor): Promise<boolean> {
  db ??= await getDb();
  const [row] = await db
    .select({ id: organisationSsoDomains.organisationId })
    .from(organisationSsoDomains)
    .where(isNotNull(organisationSsoDomains.verifiedAt))
    .limit(1);
  return Boolean(row);
}
