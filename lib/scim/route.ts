import { getDb, type Database } from "@/lib/db";
import { DATABASE_UNAVAILABLE, isDatabaseUnavailable, isUniqueViolation } from "@/lib/db/errors";
import { env } from "@/lib/env";
import { logFailure } from "@/lib/log";
import { clientAddress, hit, PEER_HEADER, type Limit } from "@/lib/rate-limit";
import { errorBody, SCIM_CONTENT_TYPE, ScimError } from "./protocol";
import { authenticateScim, type ScimCaller } from "./tokens";

/**
 * The one wrapper every SCIM route is built with: rate limit, bearer token (its organisation is the
 * only one the handler can reach), JSON body, SCIM error JSON for every failure. A missing, wrong
 * or revoked token is the same bare 401; an id of another organisation is a 404 like any unknown id.
 */

export const SCIM_LIMITS = {
  // Entra ID and Okta send a few requests a second while they sync; 600 a minute is well above.
  perAddress: { name: "scim:ip", max: 600, windowSeconds: 60 },
  perToken: { name: "scim:token", max: 600, windowSeconds: 60 },
} satisfies Record<string, Limit>;

/** The largest SCIM request body read (a Group PUT with a few thousand members fits). */
export const MAX_SCIM_BODY = 1024 * 1024;

export interface ScimRequest {
  caller: ScimCaller;
  db: Database;
  request: Request;
  url: URL;
  /** The JSON body (POST, PUT, PATCH), read and checked before the handler runs. */
  body: unknown;
}

type Params = Record<string, string>;
type Handler<P extends Params> = (scim: ScimRequest, params: P) => Promise<Response>;

export function scimJson(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": SCIM_CONTENT_TYPE, "Cache-Control": "no-store", ...headers },
  });
}

export function scimError(error: ScimError, headers: Record<string, string> = {}): Response {
  return scimJson(errorBody(error), error.status, headers);
}

/** The SCIM base URL the client used, for `location` (APP_URL: never the Host a client sent). */
export function scimBaseUrl(): string {
  return `${env().appUrl}/api/scim/v2`;
}

async function readBody(request: Request): Promise<unknown> {
  if (request.method === "GET" || request.method === "DELETE") return undefined;
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > MAX_SCIM_BODY) throw new ScimError(413, "The request is too large.");
  const text = await request.text();
  if (text.length > MAX_SCIM_BODY) throw new ScimError(413, "The request is too large.");
  try {
    return JSON.parse(text);
  } catch {
    throw new ScimError(400, "The request body is not JSON.", "invalidSyntax");
  }
}

const UNIQUE_ATTRIBUTES: Record<string, string> = {
  people_organisation_external_id_key: "A user with that externalId already exists.",
  people_organisation_email_key: "A user with that userName already exists.",
  teams_organisation_name_key: "A group with that displayName already exists.",
};

function uniquenessMessage(error: unknown): string {
  for (const [constraint, message] of Object.entries(UNIQUE_ATTRIBUTES)) if (isUniqueViolation(error, constraint)) return message;
  return "That resource already exists.";
}

export function scimRoute<P extends Params = Params>(handler: Handler<P>) {
  return async (request: Request, context: { params: Promise<P> }): Promise<Response> => {
    try {
      const db = await getDb();
      const address = clientAddress(request.headers.get("x-forwarded-for"), request.headers.get(PEER_HEADER), env().trustedProxies);
      const limited = () => scimError(new ScimError(429, "Too many requests; try again in a minute."), { "Retry-After": "60" });
      if (!(await hit(db, SCIM_LIMITS.perAddress, address))) return limited();
      const caller = await authenticateScim(db, request.headers.get("authorization"), scimBaseUrl());
      if (!caller) return scimError(new ScimError(401, "Authentication failed."), { "WWW-Authenticate": 'Bearer realm="scim"' });
      if (!(await hit(db, SCIM_LIMITS.perToken, caller.tokenId))) return limited();
      const body = await readBody(request);
      return await handler({ caller, db, request, url: new URL(request.url), body }, await context.params);
    } catch (error) {
      if (error instanceof ScimError) return scimError(error);
      if (isDatabaseUnavailable(error)) return scimError(new ScimError(503, DATABASE_UNAVAILABLE), { "Retry-After": "5" });
      // Each write checks uniqueness first, but two concurrent writes can both find nothing and meet
      // at the unique index: the loser gets what a sequential second write gets (RFC 7644, 3.3).
      if (isUniqueViolation(error)) return scimError(new ScimError(409, uniquenessMessage(error), "uniqueness"));
      logFailure("scim", error);
      return scimError(new ScimError(500, "Something went wrong on our side."));
    }
  };
}
