/**
 * What the server writes to its log when something fails. A database error carries the statement
 * and its parameters (drizzle puts both in its message), and a survey's parameters are a rater's
 * answers, tags or invitation: so database errors are logged by their code and constraint only,
 * never their message. Other errors keep their class, a short first line and their stack frames.
 */
interface ErrorLike {
  name?: string;
  message?: string;
  stack?: string;
  code?: unknown;
  constraint_name?: unknown;
  constraint?: unknown;
  query?: unknown;
  params?: unknown;
  cause?: unknown;
}

function databaseError(error: unknown): ErrorLike | null {
  for (let e = error as ErrorLike | undefined, depth = 0; e && typeof e === "object" && depth < 5; depth++) {
    if (typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code)) return e;
    if ("query" in e || "params" in e || e.name === "DrizzleQueryError") return (e.cause as ErrorLike) ?? e;
    e = e.cause as ErrorLike | undefined;
  }
  return null;
}

export function describeFailure(error: unknown): string {
  const db = databaseError(error);
  if (db) {
    const code = typeof db.code === "string" ? db.code : "unknown";
    const constraint = db.constraint_name ?? db.constraint;
    return `database error ${code}${typeof constraint === "string" ? ` (${constraint})` : ""}`;
  }
  const e = (error ?? {}) as ErrorLike;
  const first = String(e.message ?? error)
    .split("\n")[0]!
    .slice(0, 200);
  const frames = (e.stack ?? "")
    .split("\n")
    .filter((line) => /^\s+at /.test(line))
    .slice(0, 8)
    .join("\n");
  return `${e.name ?? "Error"}: ${first}${frames ? `\n${frames}` : ""}`;
}

export function logFailure(scope: string, error: unknown): void {
  console.error(`[${scope}] ${describeFailure(error)}`);
}
