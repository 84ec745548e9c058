import { createHash, randomBytes } from "node:crypto";

/** 256 random bits, URL-safe. Well above the 128 bits the threat model asks for. */
export function generateToken(): string {
  return randomBytes(32).toString("base64url");
}

/** Tokens are stored only as this hash; a leaked table row cannot be turned back into a link. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}
