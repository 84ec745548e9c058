import { createCipheriv, createDecipheriv, createHmac, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

/**
 * Sealed ballots (ADR 7). While a request is open, a rater's answers and drafts are stored only
 * encrypted, under a key of the request's own that lives in a file (KEYS_DIR), never in the
 * database: so neither its tables, nor its write-ahead log, nor a backup of it, holds anything
 * readable that was written when a rater answered. Ballots are found by a tag derived from the key
 * and the invitation, so exactly-once, revisions and drafts work while the request is open. At
 * close the ballots are opened in one batch, in random order, as answers that name nobody, and the
 * key file is deleted: from then on no tag, ciphertext or old log record can be tied to anyone.
 */

const KEY_BYTES = 32;
const keyCache = new Map<string, { key: Buffer; at: number }>();
/** Another process may delete a key at close: a cached copy is trusted this long. */
const CACHE_MS = 60_000;

function keyFile(requestId: string): string {
  if (!/^[0-9a-f-]{36}$/i.test(requestId)) throw new AppError("not_found", "That feedback request does not exist.");
  return path.join(env().keysDir, `${requestId}.key`);
}

function readKey(file: string): Buffer | null {
  try {
    const hex = fs.readFileSync(file, "utf8").trim();
    return hex.length === KEY_BYTES * 2 ? Buffer.from(hex, "hex") : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

/**
 * The request's ballot key. With `create`, made on first use: written to a temporary file, flushed
 * to disk, then linked into place, so two processes racing to create it end up with the same key.
 */
export function requestKey(requestId: string, options: { create: boolean }): Buffer | null {
  const cached = keyCache.get(requestId);
  if (cached && Date.now() - cached.at < CACHE_MS) return cached.key;
  const file = keyFile(requestId);
  let key = readKey(file);
  if (!key && options.create) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.${randomBytes(6).toString("hex")}`;
    const fd = fs.openSync(tmp, "wx", 0o600);
    try {
      fs.writeSync(fd, randomBytes(KEY_BYTES).toString("hex"));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    try {
      fs.linkSync(tmp, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    } finally {
      fs.rmSync(tmp, { force: true });
    }
    key = readKey(file);
  }
  if (key) keyCache.set(requestId, { key, at: Date.now() });
  else keyCache.delete(requestId);
  return key;
}

/** Delete the keys of requests that have closed: their ballots are opened, nothing is left to find. */
export function shredRequestKeys(requestIds: readonly string[]): void {
  for (const id of requestIds) {
    keyCache.delete(id);
    fs.rmSync(keyFile(id), { force: true });
  }
}

/** Requests that still have a key on disk (for the job that shreds keys a crash left behind). */
export function requestsWithKeys(): string[] {
  try {
    return fs
      .readdirSync(env().keysDir)
      .filter((f) => /^[0-9a-f-]{36}\.key$/i.test(f))
      .map((f) => f.slice(0, -4));
  } catch {
    return [];
  }
}

const tagOf = (key: Buffer, kind: string, invitationId: string) =>
  createHmac("sha256", key).update(`${kind}:${invitationId}`).digest("hex");

/** The tag of an invitation's ballot, and of its draft: random-looking without the request's key. */
export const ballotTag = (key: Buffer, invitationId: string) => tagOf(key, "ballot", invitationId);
export const draftTag = (key: Buffer, invitationId: string) => tagOf(key, "draft", invitationId);

/**
 * Plaintext is padded to a size bucket before encryption (4 KB, then powers of two), so a
 * ciphertext's length tells next to nothing about how much a rater wrote.
 */
function bucket(length: number): number {
  let size = 4096;
  while (size < length) size *= 2;
  return size;
}

function sealingKey(key: Buffer): Buffer {
  return createHmac("sha256", key).update("seal").digest();
}

export function seal(key: Buffer, value: unknown): string {
  const json = Buffer.from(JSON.stringify(value), "utf8");
  const plain = Buffer.alloc(bucket(json.length + 4));
  plain.writeUInt32BE(json.length, 0);
  json.copy(plain, 4);
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", sealingKey(key), iv);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64");
}

export function unseal<T>(key: Buffer, sealed: string): T {
  const raw = Buffer.from(sealed, "base64");
  const decipher = createDecipheriv("aes-256-gcm", sealingKey(key), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  const plain = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
  return JSON.parse(plain.subarray(4, 4 + plain.readUInt32BE(0)).toString("utf8")) as T;
}
