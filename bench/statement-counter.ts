import type { OpenDatabase } from "@/lib/db/client";

/**
 * The bench's statement counter: how many SQL statements an operation costs (README, "Benchmark").
 * It exists only here: the bench's routes (a bench build) and the tests install it on the database
 * they measure through `onStatement`; a production server never does, so it counts nothing there.
 * On globalThis because Next can load this module more than once in one process.
 */
export const queryStats: { statements: number } = ((
  globalThis as unknown as { __twofoldQueryStats?: { statements: number } }
).__twofoldQueryStats ??= { statements: 0 });

/** Count every statement `open` sends from now on (installing it twice counts once). */
export function countStatements(open: OpenDatabase): void {
  open.onStatement(() => {
    queryStats.statements++;
  });
}
