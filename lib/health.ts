import { getDatabase } from "@/lib/db";
import { describeDatabaseError } from "@/lib/db/prepare";

/**
 * What anyone may learn from `/api/health`: up or not, nothing else. Where the database lives, which
 * driver failed and how stays in the server's log (issue 19, finding 10).
 */
export interface Health {
  status: "ok" | "unavailable";
}

/** Removes credentials from anything that looks like a connection URL (`scheme://user:pass@host`). */
export function withoutSecrets(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/@]*@/gi, "$1***@").replace(/(password=)[^\s&]*/gi, "$1***");
}

let lastLogged = 0;

/** Health of the app as a load balancer sees it: up only when the database answers. */
export async function checkHealth(timeoutMs = 3000): Promise<Health> {
  try {
    const open = await getDatabase();
    await Promise.race([
      open.query("select 1"),
      new Promise((_, reject) => setTimeout(() => reject(Object.assign(new Error("timed out"), { code: "ETIMEDOUT" })), timeoutMs).unref()),
    ]);
    return { status: "ok" };
  } catch (error) {
    // Load balancers ask every few seconds: one line per 10 s is enough to see an outage.
    if (Date.now() - lastLogged >= 10_000) {
      lastLogged = Date.now();
      console.error(`[health] database unavailable: ${withoutSecrets(describeDatabaseError(error))}`);
    }
    return { status: "unavailable" };
  }
}
