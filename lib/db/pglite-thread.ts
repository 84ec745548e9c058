import path from "node:path";
import { Worker } from "node:worker_threads";

/**
 * PGlite on a thread of its own. PGlite is Postgres compiled to WebAssembly and runs each statement
 * synchronously on the thread that calls it: on the main thread, a 100 ms dashboard rollup froze the
 * whole server for 100 ms, and under load the statements of fifty submits ran back to back while no
 * request was read or answered (bench, issue 8). Here PGlite lives in a worker thread and the server
 * talks to it by messages, so Node keeps serving while Postgres works, and the statements use the
 * second core. The worker is one PGlite, as before: one statement at a time, and a transaction holds
 * it until it ends, exactly PGlite's own rules.
 *
 * This is the part of PGlite's interface drizzle uses (query, exec, transaction) and close.
 */

export interface ThreadResults<T> {
  rows: T[];
  fields: { name: string; dataTypeID: number }[];
  affectedRows?: number;
}

/**
 * Query options as drizzle passes them. Its only parsers keep a type's text as it is (timestamps,
 * dates, intervals and their arrays): functions cannot cross to the worker, so the type ids go,
 * and the worker keeps those types' text there.
 */
interface QueryOptions {
  rowMode?: "array" | "object";
  parsers?: Record<number, (value: string, typeId: number) => unknown>;
}

interface Queries {
  query<T>(text: string, params?: unknown[], options?: QueryOptions): Promise<ThreadResults<T>>;
  exec(text: string): Promise<ThreadResults<unknown>[]>;
}

export interface PGliteThread extends Queries {
  transaction<T>(callback: (tx: Queries) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

type Request =
  | { op: "open"; dataDir: string | undefined }
  | { op: "query"; tx?: number; text: string; params: unknown[]; options?: { rowMode?: "array" | "object"; rawTypes: number[] } }
  | { op: "exec"; tx?: number; text: string }
  | { op: "begin" }
  | { op: "end"; tx: number; commit: boolean }
  | { op: "more"; held: number }
  | { op: "close" };

/**
 * Rows per message (and per cursor fetch on a server, see lib/db/client.ts). A large result crosses
 * in slices that the server asks for one after another, so the event loop turns between them:
 * 160,000 dashboard cells copied in one message kept it busy for 400 ms (bench, issue 8, at 10,000
 * people). 1,000 dashboard rows (a subject's 16 cells as JSON each, about 0.7 MB) parse in 10-20 ms;
 * 2,000 took up to 40 with the garbage collection that follows.
 */
export const SLICE_ROWS = 1000;

// The worker's code, as plain CommonJS: it runs outside the bundler, and PGlite is an external
// package (next.config.ts), resolved from the app's folder as the server itself resolves it.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { PGlite } = require("node:module").createRequire(workerData.resolveFrom)("@electric-sql/pglite");
let pg;
const transactions = new Map();
let nextTransaction = 1;
const keepText = (value) => value;
const ROLLBACK = Symbol("rollback");

function flatten(error) {
  const out = { message: String((error && error.message) || error), name: error && error.name };
  for (const key of Object.keys(error || {})) {
    const value = error[key];
    if (value == null || ["string", "number", "boolean"].includes(typeof value)) out[key] = value;
  }
  return out;
}
const reply = (id, result) => parentPort.postMessage({ id, result });
const fail = (id, error) => parentPort.postMessage({ id, error: flatten(error) });
const held = new Map();
let nextHeld = 1;
const whole = (r) => ({ rows: r.rows, fields: r.fields, affectedRows: r.affectedRows });
function results(r) {
  const rows = r.rows || [];
  if (rows.length <= workerData.sliceRows) return whole(r);
  const id = nextHeld++;
  held.set(id, { rows, at: workerData.sliceRows });
  return { rows: rows.slice(0, workerData.sliceRows), fields: r.fields, affectedRows: r.affectedRows, held: id };
}
function more(id) {
  const entry = held.get(id);
  const rows = entry.rows.slice(entry.at, entry.at + workerData.sliceRows);
  entry.at += rows.length;
  if (entry.at >= entry.rows.length) held.delete(id);
  return { rows, done: !held.has(id) };
}
const on = (m) => (m.tx ? transactions.get(m.tx).tx : pg);

parentPort.on("message", async (m) => {
  try {
    if (m.op === "open") {
      pg = await PGlite.create(m.dataDir);
      reply(m.id, null);
    } else if (m.op === "query") {
      const options = m.options && {
        rowMode: m.options.rowMode,
        parsers: Object.fromEntries(m.options.rawTypes.map((type) => [type, keepText])),
      };
      reply(m.id, results(await on(m).query(m.text, m.params, options)));
    } else if (m.op === "more") {
      reply(m.id, more(m.held));
    } else if (m.op === "exec") {
      // Whole: exec serves migrations and scripts, never a request.
      reply(m.id, (await on(m).exec(m.text)).map(whole));
    } else if (m.op === "begin") {
      const entry = { tx: null, finish: null, endId: null };
      let begun = false;
      pg.transaction(
        (tx) =>
          new Promise((resolve, reject) => {
            const id = nextTransaction++;
            entry.tx = tx;
            entry.finish = (commit) => (commit ? resolve() : reject(ROLLBACK));
            transactions.set(id, entry);
            begun = true;
            reply(m.id, id);
          }),
      ).then(
        () => reply(entry.endId, null),
        (error) => {
          if (!begun) fail(m.id, error);
          else if (error === ROLLBACK) reply(entry.endId, null);
          else fail(entry.endId, error);
        },
      );
    } else if (m.op === "end") {
      const entry = transactions.get(m.tx);
      transactions.delete(m.tx);
      entry.endId = m.id;
      entry.finish(m.commit);
    } else if (m.op === "close") {
      if (pg) await pg.close();
      reply(m.id, null);
    }
  } catch (error) {
    fail(m.id, error);
  }
});
`;

export async function openPGliteThread(dataDir: string | undefined): Promise<PGliteThread> {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { resolveFrom: path.join(/* turbopackIgnore: true */ process.cwd(), "package.json"), sliceRows: SLICE_ROWS },
  });
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextId = 1;
  let stopped: Error | null = null;
  // The worker keeps the process alive only while a statement is on its way (an idle database
  // must not stop a script from exiting, and an awaited statement must not be cut short).
  worker.unref();
  const settleAll = (error: Error) => {
    stopped = error;
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  };
  worker.on("error", (error) => settleAll(new Error(`The embedded database stopped: ${error.message}`)));
  worker.on("exit", (code) => settleAll(new Error(`The embedded database stopped (exit code ${code}).`)));
  worker.on("message", (m: { id: number; result?: unknown; error?: Record<string, unknown> & { message: string } }) => {
    const call = pending.get(m.id);
    if (!call) return;
    pending.delete(m.id);
    if (pending.size === 0) worker.unref();
    if (m.error) call.reject(Object.assign(new Error(m.error.message), m.error));
    else call.resolve(m.result);
  });

  const call = <R>(request: Request): Promise<R> => {
    if (stopped) return Promise.reject(stopped);
    const id = nextId++;
    return new Promise<R>((resolve, reject) => {
      if (pending.size === 0) worker.ref();
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ id, ...request });
    });
  };
  const queries = (tx?: number): Queries => ({
    async query<T>(text: string, params: unknown[] = [], options?: QueryOptions) {
      const first = await call<ThreadResults<T> & { held?: number }>({
        op: "query",
        tx,
        text,
        params,
        options: options && { rowMode: options.rowMode, rawTypes: Object.keys(options.parsers ?? {}).map(Number) },
      });
      const { held, ...results } = first;
      if (held === undefined) return results;
      for (let done = false; !done;) {
        const slice = await call<{ rows: T[]; done: boolean }>({ op: "more", held });
        for (const row of slice.rows) results.rows.push(row);
        done = slice.done;
      }
      return results;
    },
    exec: (text) => call({ op: "exec", tx, text }),
  });

  try {
    await call({ op: "open", dataDir });
  } catch (error) {
    await worker.terminate();
    throw error;
  }
  return {
    ...queries(),
    async transaction(callback) {
      // drizzle rolls a transaction back by throwing out of it, as PGlite's own transaction does.
      const tx = await call<number>({ op: "begin" });
      let result;
      try {
        result = await callback(queries(tx));
      } catch (error) {
        // The caller's error is the one worth seeing, even if the rollback fails too.
        await call({ op: "end", tx, commit: false }).catch(() => {});
        throw error;
      }
      await call({ op: "end", tx, commit: true });
      return result;
    },
    async close() {
      if (stopped) return;
      await call({ op: "close" });
      stopped = new Error("The embedded database is closed.");
      await worker.terminate();
    },
  };
}
