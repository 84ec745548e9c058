import { env } from "@/lib/env";
import { openDatabase, type Database, type OpenDatabase } from "./client";

export type { Database, Executor, Transaction, OpenDatabase } from "./client";

/**
 * The app's one database, opened lazily and once per process: DATABASE_URL set -> postgres.js,
 * unset -> PGlite in DATA_DIR. Kept on globalThis because Next can evaluate this module more than
 * once in one process (bundler layers, hot reload), and PGlite must never be opened twice.
 */
const holder = globalThis as unknown as { __twofoldDb?: Promise<OpenDatabase> };

export function getDatabase(): Promise<OpenDatabase> {
  holder.__twofoldDb ??= (async () => {
    const config = env();
    return openDatabase(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir });
  })().catch((error) => {
    delete holder.__twofoldDb; // let a later call try again (e.g. the server came back)
    throw error;
  });
  return holder.__twofoldDb;
}

export async function getDb(): Promise<Database> {
  return (await getDatabase()).db;
}

/** Tests and scripts install their own database (e.g. an in-memory PGlite) with this. */
export function useDatabase(open: OpenDatabase): void {
  holder.__twofoldDb = Promise.resolve(open);
}

export async function closeDatabase(): Promise<void> {
  const current = holder.__twofoldDb;
  delete holder.__twofoldDb;
  if (current) await (await current).close();
}
