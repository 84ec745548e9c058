import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

/**
 * Organisations' client secrets at rest: AES-256-GCM under a key derived from AUTH_SECRET (HKDF,
 * its own label, so the key is good for nothing else), bound to the organisation it belongs to
 * (a sealed secret copied into another organisation's row does not open). A copy of the database
 * alone holds no usable secret. Changing AUTH_SECRET means entering the secrets again.
 */

const VERSION = "v1";

function key(authSecret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", authSecret, "twofold", "organisation single sign-on client secret", 32));
}

export function sealClientSecret(authSecret: string, organisationId: string, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(authSecret), iv);
  cipher.setAAD(Buffer.from(organisationId));
  const body = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url")}`;
}

/** The secret, or null when it cannot be opened (another AUTH_SECRET, another organisation, tampered). */
export function openClientSecret(authSecret: string, organisationId: string, sealed: string): string | null {
  const [version, payload] = sealed.split(":");
  if (version !== VERSION || !payload) return null;
  const raw = Buffer.from(payload, "base64url");
  if (raw.length < 28) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key(authSecret), raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(organisationId));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}
