/**
 * Users as SCIM resources (RFC 7643 §4.1 and the enterprise extension §4.3), pure: a directory
 * entry to the JSON an identity provider reads, and what an identity provider sent to the fields
 * the directory keeps. A person has one name, one work e-mail (userName, which is also what they
 * sign in with), an optional external id, a team (the enterprise `department`, or a Group), a line
 * manager (enterprise `manager.value`, the manager's SCIM id) and an active flag.
 */
import { booleanOf, ENTERPRISE_SCHEMA, ScimError, USER_SCHEMA } from "./protocol";

/** The longest externalId kept (Entra sends GUIDs, Okta 20-character ids). */
export const MAX_EXTERNAL_ID = 255;
/** The longest team name a department may give: the directory's own limit (lib/people/schemas.ts). */
export const MAX_TEAM_NAME = 80;

export interface PersonResourceRow {
  id: string;
  name: string;
  email: string;
  externalId: string | null;
  active: boolean;
  team: string | null;
  managerId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export function userLocation(baseUrl: string, id: string) {
  return `${baseUrl}/Users/${id}`;
}

export function toScimUser(p: PersonResourceRow, baseUrl: string) {
  const enterprise: Record<string, unknown> = {};
  if (p.managerId) enterprise.manager = { value: p.managerId, $ref: userLocation(baseUrl, p.managerId) };
  if (p.team) enterprise.department = p.team;
  return {
    schemas: [USER_SCHEMA, ENTERPRISE_SCHEMA],
    id: p.id,
    ...(p.externalId ? { externalId: p.externalId } : {}),
    userName: p.email,
    name: { formatted: p.name },
    displayName: p.name,
    active: p.active,
    emails: [{ value: p.email, type: "work", primary: true }],
    [ENTERPRISE_SCHEMA]: enterprise,
    meta: {
      resourceType: "User",
      created: p.createdAt.toISOString(),
      lastModified: p.updatedAt.toISOString(),
      location: userLocation(baseUrl, p.id),
    },
  };
}

export type ScimUserJson = ReturnType<typeof toScimUser>;

/**
 * What the directory should hold after a request. `undefined` means "leave as it is": for PUT,
 * RFC 7644 §3.5.1 lets a server keep readWrite attributes the client left out, and we keep the
 * line manager and team when the enterprise extension is absent, because Okta's PUT carries only
 * the attributes mapped in Okta (a missing extension there means "not mapped", not "no manager").
 */
export interface UserChange {
  email: string;
  name: string;
  active: boolean;
  externalId: string | null | undefined;
  managerId: string | null | undefined;
  team: string | null | undefined;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const text = (v: unknown) => (typeof v === "string" ? v.trim() : "");

/** An attribute by name, case-insensitively (RFC 7643 §2.1: attribute names are case-insensitive). */
function attr(o: Record<string, unknown>, name: string): unknown {
  if (name in o) return o[name];
  const key = Object.keys(o).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : o[key];
}

/**
 * userName is the work e-mail address the person signs in with, lower-cased as the directory keeps
 * it. One that is no address (an Okta login, an Entra object id) is refused rather than guessed
 * from `emails`: the identity provider finds people again by `userName eq`, so the two must agree.
 */
function emailOf(body: Record<string, unknown>): string {
  const userName = text(attr(body, "userName")).toLowerCase();
  if (!userName) throw new ScimError(400, "userName is required.", "invalidValue");
  if (!userName.includes("@")) throw new ScimError(400, "userName must be the person's work e-mail address.", "invalidValue");
  return userName;
}

function nameOf(body: Record<string, unknown>): string {
  const display = text(attr(body, "displayName"));
  if (display) return display;
  const name = attr(body, "name");
  if (isObject(name)) {
    const formatted = text(attr(name, "formatted"));
    if (formatted) return formatted;
    return [text(attr(name, "givenName")), text(attr(name, "familyName"))].filter(Boolean).join(" ");
  }
  return "";
}

/** The manager's SCIM id as Entra ID sends it (a bare string in PATCH) or as RFC 7643 shapes it ({ value }). */
export function managerIdOf(value: unknown): string | null {
  if (value === null || value === undefined || value === "") return null;
  if (typeof value === "string") return value.trim() || null;
  if (isObject(value)) {
    const v = attr(value, "value");
    if (v === null || v === undefined || v === "") return null;
    if (typeof v === "string") return v.trim() || null;
  }
  throw new ScimError(400, "manager.value must be the manager's id.", "invalidValue");
}

/**
 * A user as sent (POST, PUT) or as it reads after a PATCH. `patched` says the body is the whole
 * resource after a PATCH: there an absent manager or department was removed, not left out.
 */
export function userChangeOf(body: unknown, mode: "sent" | "patched"): UserChange {
  if (!isObject(body)) throw new ScimError(400, "The request body must be a JSON object.", "invalidSyntax");
  const schemas = attr(body, "schemas");
  if (
    mode === "sent" &&
    (!Array.isArray(schemas) || !schemas.some((s) => typeof s === "string" && s.toLowerCase() === USER_SCHEMA.toLowerCase()))
  ) {
    throw new ScimError(400, `schemas must include ${USER_SCHEMA}.`, "invalidSyntax");
  }
  const active = attr(body, "active");
  const externalId = attr(body, "externalId");
  if (externalId !== undefined && externalId !== null && typeof externalId !== "string")
    throw new ScimError(400, "externalId must be a string.", "invalidValue");
  const extensionKey = Object.keys(body).find((k) => k.toLowerCase() === ENTERPRISE_SCHEMA.toLowerCase());
  const extension = extensionKey === undefined ? undefined : body[extensionKey];
  let managerId: string | null | undefined;
  let team: string | null | undefined;
  if (isObject(extension)) {
    const manager = attr(extension, "manager");
    managerId = manager === undefined && mode === "sent" ? undefined : managerIdOf(manager);
    const department = attr(extension, "department");
    team = department === undefined && mode === "sent" ? undefined : text(department) || null;
  } else if (mode === "patched" || extension === null) {
    managerId = null;
    team = null;
  }
  // Bounded before anything is written: an over-long value would otherwise reach a unique index and
  // fail there as a server error (a team is created before the rest of the change is checked).
  if (typeof externalId === "string" && externalId.length > MAX_EXTERNAL_ID)
    throw new ScimError(400, `externalId may be at most ${MAX_EXTERNAL_ID} characters.`, "invalidValue");
  if (typeof team === "string" && team.length > MAX_TEAM_NAME)
    throw new ScimError(400, `department may be at most ${MAX_TEAM_NAME} characters.`, "invalidValue");
  return {
    email: emailOf(body),
    name: nameOf(body),
    active: active === undefined || active === null ? true : booleanOf(active, "active"),
    externalId: externalId === undefined ? (mode === "patched" ? null : undefined) : text(externalId) || null,
    managerId,
    team,
  };
}
