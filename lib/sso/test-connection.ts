import { addressKind } from "./public-address";
import { checkIssuer, loopbackAllowed } from "./settings";

/**
 * "Test connection" on the sign-in settings page: the server fetches the issuer's discovery
 * document and says, check by check, whether Auth.js will be able to use it. The URL is HR's, so
 * the fetch is fenced: https only (http for loopback outside production, checkIssuer), a short
 * timeout, no redirect followed, a size cap, and nothing of the response is ever shown, only these
 * sentences (a document at an internal address says nothing through this page).
 */

export const DISCOVERY_TIMEOUT_MS = 5000;
export const MAX_DISCOVERY_BYTES = 256 * 1024;

export interface ConnectionCheck {
  check: "reached" | "issuer" | "authorization" | "token" | "jwks";
  ok: boolean;
  text: string;
}

export interface ConnectionReport {
  ok: boolean;
  checks: ConnectionCheck[];
}

/** The discovery document's address (OpenID Connect Discovery 4: the issuer, no trailing slash, then the path). */
export function discoveryUrl(issuer: string): string {
  return `${issuer.replace(/\/+$/, "")}/.well-known/openid-configuration`;
}

type Fetched = { ok: true; document: Record<string, unknown> } | { ok: false; text: string };

async function readCapped(response: Response): Promise<string | null> {
  const declared = Number(response.headers.get("content-length") ?? 0);
  if (declared > MAX_DISCOVERY_BYTES) return null;
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_DISCOVERY_BYTES) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

async function fetchDiscovery(url: string): Promise<Fetched> {
  let response: Response;
  try {
    response = await fetch(url, {
      redirect: "manual",
      signal: AbortSignal.timeout(DISCOVERY_TIMEOUT_MS),
      headers: { accept: "application/json" },
      cache: "no-store",
    });
  } catch (error) {
    const name = (error as { name?: unknown }).name;
    if (name === "TimeoutError" || name === "AbortError") {
      return { ok: false, text: `The provider did not answer within ${DISCOVERY_TIMEOUT_MS / 1000} seconds.` };
    }
    return { ok: false, text: "Twofold could not connect to the provider (its name does not resolve, or nothing answers there)." };
  }
  try {
    if (response.status >= 300 && response.status < 400) {
      return {
        ok: false,
        text: "The provider answered with a redirect, which Twofold does not follow: enter the issuer exactly as the provider names it.",
      };
    }
    // No status code: the page says only that this was not a discovery document.
    if (!response.ok) return { ok: false, text: "The provider did not answer with its discovery document at that address." };
    const text = await readCapped(response);
    if (text === null)
      return { ok: false, text: `The answer is larger than ${MAX_DISCOVERY_BYTES / 1024} KB: that is not a discovery document.` };
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch {
      return { ok: false, text: "The answer is not JSON: that is not a discovery document." };
    }
    if (!document || typeof document !== "object" || Array.isArray(document)) {
      return { ok: false, text: "The answer is not a JSON object: that is not a discovery document." };
    }
    return { ok: true, document: document as Record<string, unknown> };
  } catch (error) {
    const name = (error as { name?: unknown }).name;
    if (name === "TimeoutError" || name === "AbortError") {
      return { ok: false, text: `The provider did not finish answering within ${DISCOVERY_TIMEOUT_MS / 1000} seconds.` };
    }
    return { ok: false, text: "The provider's answer broke off." };
  }
}

function isWebUrl(value: unknown): boolean {
  if (typeof value !== "string") return false;
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}

const ENDPOINTS = [
  { check: "authorization", field: "authorization_endpoint", what: "sign-in (authorization) endpoint" },
  { check: "token", field: "token_endpoint", what: "token endpoint" },
  { check: "jwks", field: "jwks_uri", what: "signing keys (JWKS) address" },
] as const;

export async function testSsoConnection(issuer: string): Promise<ConnectionReport> {
  // An issuer that may not be fetched (plain http elsewhere than loopback) is a field error, as on save.
  checkIssuer(issuer);
  const url = discoveryUrl(issuer);
  // The server fetches what HR typed: never an address inside its own network (loopback is let
  // through only where plain http to it is, for local development and the test suite).
  const host = new URL(url).hostname;
  if (!loopbackAllowed(host)) {
    const kind = await addressKind(host);
    if (kind !== "public") {
      const text =
        kind === "none"
          ? "Discovery document: Twofold could not connect to the provider (its name does not resolve, or nothing answers there)."
          : "Discovery document: the issuer's address is on a private or local network, which Twofold does not connect to from here.";
      return { ok: false, checks: [{ check: "reached", ok: false, text }] };
    }
  }
  const fetched = await fetchDiscovery(url);
  if (!fetched.ok) return { ok: false, checks: [{ check: "reached", ok: false, text: `Discovery document: ${fetched.text}` }] };
  const checks: ConnectionCheck[] = [{ check: "reached", ok: true, text: `Discovery document: found at ${url}.` }];
  const named = fetched.document.issuer;
  checks.push(
    named === issuer
      ? { check: "issuer", ok: true, text: "Issuer: the document names exactly the issuer you entered." }
      : {
          check: "issuer",
          ok: false,
          text:
            typeof named === "string"
              ? "Issuer: the document names another issuer than the one you entered. Copy the issuer exactly as your provider shows it (a trailing slash counts); sign-in fails until they match."
              : "Issuer: the document names no issuer.",
        },
  );
  for (const e of ENDPOINTS) {
    const ok = isWebUrl(fetched.document[e.field]);
    checks.push({ check: e.check, ok, text: ok ? `The ${e.what} is listed.` : `The ${e.what} (${e.field}) is missing.` });
  }
  return { ok: checks.every((c) => c.ok), checks };
}
