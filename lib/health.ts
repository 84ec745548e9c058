import { getDatabase } from "@/lib/db";
import { describeDatabaseError } from "@/lib/db/prepare";

export interface Health {
  status: "ok" | "unavailable";
  database: { kind?: "embedded" | "server"; reachable: boolean; latencyMs?: number; error?: string };
}

/** Health of the app as a load balancer sees it: up only when the database answers. */
export async function checkHealth(timeoutMs = 3000): Promise<Health> {
  const started = performance.now();
  try {
    const open = await getDatabase();
    await Promise.race([
      open.query("select 1"),
      new Promise((_, reject) => setTimeout(() => reject(Object.assign(new Error("timed out"), { code: "ETIMEDOUT" })), timeoutMs).unref()),
    ]);
    return {
      status: "ok",
      database: { kind: open.kind, reachable: true, latencyMs: Math.round(performance.now() - started) },
    };
  } catch (error) {
    return { status: "unavailable", database: { reachable: false, error: describeDatabaseError(error) } };
  }
}
