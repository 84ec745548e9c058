import type { ScimPatchOperation } from "scim-patch";
import { MAX_PATCH_OPERATIONS, PATCH_SCHEMA, ScimError } from "./protocol";

/**
 * The operations of a PATCH body (RFC 7644 §3.5.2), checked for shape. Entra ID writes `op` with a
 * capital ("Replace", "Add", "Remove"); the op is case-insensitive (§3.5.2), so it is read lower-case
 * before scim-patch applies it.
 */
export function patchOperationsOf(body: unknown): ScimPatchOperation[] {
  if (typeof body !== "object" || body === null) throw new ScimError(400, "The request body must be a JSON object.", "invalidSyntax");
  const b = body as Record<string, unknown>;
  const schemas = b.schemas;
  if (!Array.isArray(schemas) || !schemas.includes(PATCH_SCHEMA))
    throw new ScimError(400, `schemas must be [${PATCH_SCHEMA}].`, "invalidSyntax");
  const key = Object.keys(b).find((k) => k.toLowerCase() === "operations");
  const list = key ? b[key] : undefined;
  if (!Array.isArray(list) || list.length === 0)
    throw new ScimError(400, "Operations must be a list of at least one operation.", "invalidSyntax");
  if (list.length > MAX_PATCH_OPERATIONS) throw new ScimError(400, `At most ${MAX_PATCH_OPERATIONS} operations per request.`, "tooMany");
  return list.map((raw) => {
    if (typeof raw !== "object" || raw === null) throw new ScimError(400, "Each operation must be an object.", "invalidSyntax");
    const o = raw as Record<string, unknown>;
    const op = typeof o.op === "string" ? o.op.toLowerCase() : "";
    if (op !== "add" && op !== "replace" && op !== "remove")
      throw new ScimError(400, "op must be add, replace or remove.", "invalidSyntax");
    if (o.path !== undefined && typeof o.path !== "string") throw new ScimError(400, "path must be a string.", "invalidPath");
    if (op === "remove" && !o.path && o.value === undefined) throw new ScimError(400, "remove needs a path.", "noTarget");
    if (op !== "remove" && !o.path && (typeof o.value !== "object" || o.value === null))
      throw new ScimError(400, "An operation without a path needs an object as its value.", "invalidValue");
    return { ...o, op } as ScimPatchOperation;
  });
}
