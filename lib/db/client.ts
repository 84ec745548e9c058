import fs from "node:fs";
import path from "node:path";
import type { SQL } from "drizzle-orm";
import { PgDialect, type PgDatabase, type PgQueryResultHKT } from "drizzle-orm/pg-core";
import { openPGliteThread, SLICE_ROWS, type PGliteThread } from "./pglite-thread";
import * as schema from "./schema";

/**
 * Side-effect-free database factory: importing this module opens nothing. The app's singleton lives
 * in lib/db/index.ts; scripts and tests call `openDatabase` directly and `close()` when done, so
 * they never hang at exit on an open client.
 */

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
/** Queries that may run inside or outside a transaction take this. */
export type Executor = Database | Transaction;

export type DatabaseKind = "embedded" | "server";

export interface OpenDatabase {
  db: Database;
  kind: DatabaseKind;
  /** Human-readable location for logs (never includes a password). */
  location: string;
  /** Run raw SQL and get rows back, whichever driver is underneath. */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /**
   * Rows of a raw `sql` statement that returns tens of thousands of them, handed over in slices of
   * SLICE_ROWS with a turn of the event loop between: read whole, postgres.js parses everything the
   * socket holds in one go (the dashboard's 16,000 cells kept the server busy 60-75 ms at a time,
   * bench, issue 8). The embedded thread slices every large result itself.
   */
  rowsInSlices<T>(query: SQL): Promise<T[]>;
  /**
   * Calls `listener` once for every statement sent from now on, whichever driver: each drizzle
   * query, each raw `query()` and `rowsInSlices()`, and BEGIN + COMMIT for each transaction. Only
   * the bench and the tests listen (bench/statement-counter.ts).
   */
  onStatement(listener: () => void): void;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** postgres:// URL: use postgres.js against a server Postgres. */
  databaseUrl?: string;
  /** Folder for the embedded database, or "memory://" for a throw-away one (tests). */
  dataDir?: string;
  /** Max connections in the postgres.js pool. */
  poolSize?: number;
}

/**
 * Where the bench's statement counter plugs in (bench/statement-counter.ts). A production server
 * installs nothing, so every hook below is one empty check; what is counted and how lives with
 * the bench, which is the only reader.
 */
interface StatementHook {
  listener?: () => void;
}

/** A drizzle logger that reports each query it is handed to the hook (drizzle calls it anyway). */
function hookLogger(hook: StatementHook) {
  return { logQuery: () => hook.listener?.() };
}

/**
 * Transactions reach the listener only once someone listens: BEGIN and COMMIT (or ROLLBACK) are
 * round trips too, and drizzle's logger sees neither.
 */
function listenTo(db: Database, hook: StatementHook, listener: () => void): void {
  if (!hook.listener) {
    const transaction = db.transaction.bind(db);
    db.transaction = ((...args: Parameters<Database["transaction"]>) => {
      hook.listener?.();
      hook.listener?.();
      return transaction(...args);
    }) as Database["transaction"];
  }
  hook.listener = listener;
}

/**
 * Rows of a raw `sql` statement, whichever driver ran it (postgres.js returns the rows, PGlite an
 * object holding them). Columns come back under their SQL names, unmapped.
 */
export async function rowsOf<T>(executor: Executor, query: SQL): Promise<T[]> {
  const result = (await executor.execute(query)) as unknown as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}

export async function openDatabase(options: OpenOptions): Promise<OpenDatabase> {
  if (options.databaseUrl) return openServer(options.databaseUrl, options.poolSize ?? 10);
  if (!options.dataDir) throw new Error("openDatabase needs either databaseUrl or dataDir");
  return openEmbedded(options.dataDir);
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparseable DATABASE_URL)";
  }
}

type PostgresClient = import("postgres").Sql;

const dialect = new PgDialect();

/** Statements with more parameters than this are one-off bulk writes (imports): not worth a cache entry. */
const PREPARE_MAX_PARAMETERS = 200;

/**
 * drizzle hands postgres.js every query with `prepare: false`, and for an unprepared statement with
 * parameters postgres.js makes two round trips (describe, then execute) and the server plans it
 * afresh each time: a 5-table join cost 3 ms this way and under 1 ms prepared (bench, issue 8).
 * Queries are built from fixed SQL text with parameters, so naming them is safe: postgres.js keeps
 * one prepared statement per distinct text per connection, and drops them with the connection
 * (it replaces each connection after 30-60 minutes, so lists of varying length stay bounded).
 * Transactions and their savepoints get the same treatment through `begin` and `savepoint`.
 */
function preparing(client: PostgresClient): PostgresClient {
  const wrap = (sql: PostgresClient): PostgresClient =>
    new Proxy(sql, {
      get(target, key, receiver) {
        if (key === "unsafe") {
          return (text: string, params?: unknown[], options?: { prepare?: boolean }) =>
            target.unsafe(text, params as never[], {
              ...options,
              prepare: (params?.length ?? 0) <= PREPARE_MAX_PARAMETERS,
            });
        }
        if (key === "begin" || key === "savepoint") {
          return (...args: unknown[]) => {
            const callback = args.pop() as (tx: PostgresClient) => unknown;
            const start = Reflect.get(target, key, target) as (...a: unknown[]) => unknown;
            return start.apply(target, [...args, (tx: PostgresClient) => callback(wrap(tx))]);
          };
        }
        return Reflect.get(target, key, receiver);
      },
    });
  return wrap(client);
}

/** How long opening a connection may take before the database counts as unavailable. */
export const CONNECT_TIMEOUT_S = 3;
/** The longest any one statement may run (the largest import and dashboard take well under it). */
export const STATEMENT_TIMEOUT_MS = 30_000;

async function openServer(url: string, max: number): Promise<OpenDatabase> {
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const client = postgres(url, {
    max,
    onnotice: () => {},
    // Fail fast while the database is away (issue 19, finding 13): a connection that does not
    // open within CONNECT_TIMEOUT_S is an outage, answered at once with "try again" (and the
    // survey form retries by itself), not a submit hanging for 10 s. A statement running longer
    // than STATEMENT_TIMEOUT_MS is cancelled by the server instead of holding a connection.
    connect_timeout: CONNECT_TIMEOUT_S,
    connection: { statement_timeout: STATEMENT_TIMEOUT_MS },
    // Idle connections are closed so a restarted server is reconnected to cleanly.
    idle_timeout: 30,
  });
  const hook: StatementHook = {};
  const db = drizzle({ client: preparing(client), schema, logger: hookLogger(hook) }) as unknown as Database;
  return {
    db,
    kind: "server",
    location: redact(url),
    async query<T>(text: string, params: unknown[] = []) {
      hook.listener?.();
      return (await client.unsafe(text, params as never[])) as unknown as T[];
    },
    async rowsInSlices<T>(query: SQL) {
      hook.listener?.();
      const { sql: text, params } = dialect.sqlToQuery(query);
      const rows: T[] = [];
      // A cursor: the server sends SLICE_ROWS rows per round trip, and Node parses them in between.
      for await (const slice of client.unsafe(text, params as never[], { prepare: true }).cursor(SLICE_ROWS)) {
        for (const row of slice) rows.push(row as unknown as T);
      }
      return rows;
    },
    onStatement: (listener) => listenTo(db, hook, listener),
    async close() {
      await client.end({ timeout: 5 });
    },
  };
}

async function openEmbedded(dataDir: string): Promise<OpenDatabase> {
  const { drizzle } = await import("drizzle-orm/pglite");
  const inMemory = dataDir.startsWith("memory://");
  let releaseLock = () => {};
  let pgDir = dataDir;
  if (!inMemory) {
    fs.mkdirSync(/* turbopackIgnore: true */ dataDir, { recursive: true });
    releaseLock = acquireLock(dataDir);
    pgDir = path.join(/* turbopackIgnore: true */ dataDir, "pglite");
  }
  let client: PGliteThread;
  try {
    client = await openPGliteThread(inMemory ? undefined : pgDir);
  } catch (error) {
    releaseLock();
    throw new Error(
      `Could not open the embedded database in ${pgDir}: ${(error as Error).message}. ` +
        "If the folder is damaged, move it away (or delete it to start again with demo data).",
    );
  }
  // drizzle reaches PGlite only through query and transaction, which the thread provides.
  const hook: StatementHook = {};
  const db = drizzle({
    client: client as unknown as import("@electric-sql/pglite").PGlite,
    schema,
    logger: hookLogger(hook),
  }) as unknown as Database;
  let closed = false;
  const query = async <T>(text: string, params: unknown[] = []) => {
    hook.listener?.();
    return (await client.query<T>(text, params)).rows;
  };
  return {
    db,
    kind: "embedded",
    location: inMemory ? "in memory" : pgDir,
    query,
    // The thread already hands large results over in slices.
    rowsInSlices<T>(statement: SQL) {
      const { sql: text, params } = dialect.sqlToQuery(statement);
      return query<T>(text, params);
    },
    onStatement: (listener) => listenTo(db, hook, listener),
    async close() {
      if (closed) return;
      closed = true;
      await client.close();
      releaseLock();
    },
  };
}

/**
 * (The turbopackIgnore comments keep the dev bundler from tracing, and then watching, the data
 * folder: without them every database write reloads the page in `next dev`.)
 *
 * PGlite must be opened by exactly one process per folder: a second opener corrupts it for good.
 * The lock file holds the owner's pid; a lock left by a process that no longer runs is taken over.
 */
function acquireLock(dataDir: string): () => void {
  const lockPath = path.join(/* turbopackIgnore: true */ dataDir, "twofold.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(/* turbopackIgnore: true */ lockPath, String(process.pid), { flag: "wx" });
      const release = () => {
        try {
          if (fs.readFileSync(/* turbopackIgnore: true */ lockPath, "utf8") === String(process.pid))
            fs.unlinkSync(/* turbopackIgnore: true */ lockPath);
        } catch {
          // Already gone: nothing to release.
        }
      };
      process.once("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number(fs.readFileSync(/* turbopackIgnore: true */ lockPath, "utf8").trim());
      if (owner === process.pid) return () => {};
      if (Number.isInteger(owner) && owner > 0 && isRunning(owner)) {
        throw new Error(
          `The embedded database in ${dataDir} is already open in another process (pid ${owner}). ` +
            "Only one process may open it: stop that process (for example another `npm run dev`), " +
            "or point DATA_DIR at another folder.",
        );
      }
      fs.unlinkSync(/* turbopackIgnore: true */ lockPath); // stale: its owner is gone
    }
  }
  throw new Error(`Could not take the lock on ${lockPath}`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
