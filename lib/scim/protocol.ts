/**
 * SCIM 2.0 (RFC 7643 resources, RFC 7644 protocol), the pure part: schema URNs, errors, list
 * responses, paging and filters. Nothing here touches the database; lib/scim/users.ts and
 * lib/scim/groups.ts do, and the route files only wire them (lib/scim/route.ts).
 */
import { parse as parseFilterText, type Filter } from "scim2-parse-filter";

export const SCIM_CONTENT_TYPE = "application/scim+json";
export const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
export const ENTERPRISE_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
export const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
export const LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
export const ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";
export const PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
export const CONFIG_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
export const RESOURCE_TYPE_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
export const SCHEMA_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema";

/** The most resources one page of a list holds (RFC 7644 §3.4.2.4 lets the server cap `count`). */
export const MAX_PAGE = 200;
/** The most operations one PATCH may carry; identity providers send a handful. */
export const MAX_PATCH_OPERATIONS = 100;

export type ScimType =
  | "invalidFilter"
  | "tooMany"
  | "uniqueness"
  | "mutability"
  | "invalidSyntax"
  | "invalidPath"
  | "noTarget"
  | "invalidValue"
  | "invalidVers"
  | "sensitive";

/** An expected failure, answered as SCIM error JSON (RFC 7644 §3.12). */
export class ScimError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly scimType?: ScimType,
  ) {
    super(detail);
    this.name = "ScimError";
  }
}

export const scimNotFound = (what: "User" | "Group" | "Resource" = "Resource") => new ScimError(404, `${what} not found.`);

export function errorBody(error: ScimError) {
  return {
    schemas: [ERROR_SCHEMA],
    status: String(error.status),
    ...(error.scimType ? { scimType: error.scimType } : {}),
    detail: error.detail,
  };
}

export function listResponse<T>(resources: T[], totalResults: number, startIndex: number) {
  return { schemas: [LIST_SCHEMA], totalResults, startIndex, itemsPerPage: resources.length, Resources: resources };
}

/**
 * `startIndex` (1-based) and `count` from the query string. RFC 7644 §3.4.2.4: a startIndex below 1
 * is read as 1, a negative count as 0; we cap count at MAX_PAGE.
 */
const MAX_START_INDEX = 2 ** 31 - 1;

export function pagingOf(params: URLSearchParams): { startIndex: number; count: number } {
  const number = (name: string, fallback: number) => {
    const raw = params.get(name);
    if (raw === null || raw.trim() === "") return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || !Number.isInteger(n)) throw new ScimError(400, `${name} must be a whole number.`, "invalidValue");
    return n;
  };
  return {
    // Capped so that it stays a number the database takes (a larger one is past every result anyway).
    startIndex: Math.min(MAX_START_INDEX, Math.max(1, number("startIndex", 1))),
    count: Math.min(MAX_PAGE, Math.max(0, number("count", MAX_PAGE))),
  };
}

/** A filter we can answer: one attribute compared for equality (what Entra ID and Okta send). */
export interface EqualityFilter {
  attribute: string;
  value: string | boolean;
}

/**
 * Read `filter` with the SCIM filter grammar (scim2-parse-filter) and accept only `attr eq "value"`
 * on the attributes given (compared case-insensitively, as RFC 7644 §3.4.2.2 says of attribute
 * names). Anything else is an invalidFilter error rather than a silently wrong answer.
 */
export function equalityFilter(text: string | null, attributes: readonly string[]): EqualityFilter | null {
  if (text === null || text.trim() === "") return null;
  if (text.length > 1000) throw new ScimError(400, "The filter is too long.", "invalidFilter");
  let filter: Filter;
  try {
    filter = parseFilterText(text);
  } catch {
    throw new ScimError(400, "The filter could not be read.", "invalidFilter");
  }
  if (filter.op !== "eq" || !("attrPath" in filter)) {
    throw new ScimError(400, `Only filters of the form attribute eq "value" are supported (on ${attributes.join(", ")}).`, "invalidFilter");
  }
  const attribute = attributes.find((a) => a.toLowerCase() === filter.attrPath.toLowerCase());
  const value = filter.compValue;
  if (!attribute || (typeof value !== "string" && typeof value !== "boolean")) {
    throw new ScimError(400, `Filtering is supported on ${attributes.join(", ")} only.`, "invalidFilter");
  }
  return { attribute, value };
}

/**
 * Booleans as identity providers send them: JSON true/false, and Entra ID's "True"/"False" strings
 * in PATCH values. Anything else is an invalidValue.
 */
export function booleanOf(value: unknown, attribute: string): boolean {
  if (typeof value === "boolean") return value;
  if (typeof value === "string" && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === "true";
  throw new ScimError(400, `${attribute} must be true or false.`, "invalidValue");
}
