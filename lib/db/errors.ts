/**
 * Is this error the database being away (stopped, restarting, unreachable), rather than a bug?
 * Such failures become "try again in a moment" (503 for route handlers), never a generic crash.
 */
const NETWORK = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
]);
// Postgres: admin/crash shutdown, cannot connect now, and the connection-exception class.
const POSTGRES = new Set(["57P01", "57P02", "57P03", "08000", "08001", "08003", "08004", "08006"]);

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error as { code?: string; cause?: unknown; errors?: unknown[] } | undefined, depth = 0; e && depth < 5; depth++) {
    if (e.code && (NETWORK.has(e.code) || POSTGRES.has(e.code))) return true;
    if (Array.isArray(e.errors) && e.errors.some(isDatabaseUnavailable)) return true;
    e = e.cause as typeof e;
  }
  return false;
}

export const DATABASE_UNAVAILABLE = "The database is not reachable right now. Nothing was saved; please try again in a moment.";

// Postgres: text it cannot store (NUL in a string, a character outside the encoding).
const UNSTORABLE_TEXT = new Set(["22021", "22P05"]);

/**
 * Did the database refuse a value because of a character in it? The schemas refuse (or remove)
 * control characters before anything reaches the database (lib/text/control.ts); this is the
 * backstop for a field whose schema does not yet, so the person reads a sentence, not a crash.
 */
export function isUnstorableText(error: unknown): boolean {
  for (let e = error as { code?: string; cause?: unknown } | undefined, depth = 0; e && depth < 5; depth++) {
    if (e.code && UNSTORABLE_TEXT.has(e.code)) return true;
    e = e.cause as typeof e;
  }
  return false;
}

export const UNSTORABLE_TEXT_MESSAGE = "Some of the text contains invisible control characters we cannot store. Remove them and try again.";

/**
 * Did a unique index refuse the row (Postgres 23505), optionally a given one? Two writes that
 * each checked first and found nothing can still meet at the index: this is how the loser learns
 * it, to answer with a conflict rather than a crash. Postgres.js calls the index constraint_name,
 * PGlite constraint.
 */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  for (
    let e = error as { code?: string; constraint_name?: string; constraint?: string; cause?: unknown } | undefined, depth = 0;
    e && depth < 5;
    depth++
  ) {
    if (e.code === "23505") return constraint === undefined || (e.constraint_name ?? e.constraint) === constraint;
    e = e.cause as typeof e;
  }
  return false;
}
