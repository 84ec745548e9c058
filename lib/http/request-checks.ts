import { isWellFormedActionBody } from "./action-body";
import { ACTION_BODY_LIMIT_BYTES } from "./limits";

/**
 * Requests the framework cannot even read, turned away before it tries: Next answers each of these
 * with a 500 and a stack in the log (issue 19, findings 6 and 7), so proxy.ts checks them first and
 * answers with a 4xx and a plain sentence. Nothing here touches the database.
 */
export interface Refusal {
  status: 400 | 403 | 413;
  error: string;
}

const MALFORMED: Refusal = { status: 400, error: "This request could not be read." };

/** A path that is not valid percent-encoding (`/people/%ZZ`) cannot name anything here. */
export function refusePath(rawPathname: string): Refusal | null {
  try {
    for (const segment of rawPathname.split("/")) decodeURIComponent(segment);
    return null;
  } catch {
    return { status: 400, error: "This address is not valid. Check the link and try again." };
  }
}

/**
 * A POST to a page: a server action (called by our scripts with a `next-action` header, or by a form
 * posted without JavaScript). Refused when it comes from another site, is larger than the limit,
 * or is not a body the framework can decode.
 */
export async function refusePost(request: Request): Promise<Refusal | null> {
  const origin = request.headers.get("origin");
  if (origin !== null && !sameHost(origin, request.headers.get("x-forwarded-host") ?? request.headers.get("host"))) {
    return { status: 403, error: "Requests from other sites are refused." };
  }
  const tooLarge: Refusal = { status: 413, error: "The request is too large. Send less at a time." };
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > ACTION_BODY_LIMIT_BYTES) return tooLarge;
  const contentType = request.headers.get("content-type") ?? "";
  const isAction = request.headers.has("next-action");
  // Without a declared length (chunked), read it: the body the proxy reads is its own copy.
  if (contentType.startsWith("multipart/form-data")) {
    let form: FormData;
    try {
      const bytes = await request.arrayBuffer();
      if (bytes.byteLength > ACTION_BODY_LIMIT_BYTES) return tooLarge;
      form = await new Response(bytes, { headers: { "content-type": contentType } }).formData();
    } catch {
      return MALFORMED;
    }
    if (!isAction) return null;
    // React's reply encoding keeps the arguments in field "0", a JSON array.
    const root = form.get("0");
    return typeof root === "string" && isJsonArray(root) ? null : MALFORMED;
  }
  if (!isAction) return null;
  const bytes = await request.arrayBuffer().catch(() => null);
  if (!bytes) return MALFORMED;
  if (bytes.byteLength > ACTION_BODY_LIMIT_BYTES) return tooLarge;
  const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
  return isJsonArray(text) && isWellFormedActionBody(text) ? null : MALFORMED;
}

function sameHost(origin: string, host: string | null): boolean {
  try {
    return host !== null && new URL(origin).host === host.split(",")[0]!.trim();
  } catch {
    return false; // "null" (a sandboxed frame, a file) or garbage
  }
}

/** Server-action arguments are always a list: `null`, `123` or `{}` are not. */
function isJsonArray(text: string): boolean {
  try {
    return Array.isArray(JSON.parse(text));
  } catch {
    return false;
  }
}
