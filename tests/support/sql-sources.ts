import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/**
 * The SQL functions' readable source: every `lib/**\/*.sql` file holds one CREATE OR REPLACE
 * FUNCTION, named after the function, beside the code that calls it. A migration installs it
 * (immutable history); tests hold the database, the latest migration and lib/lifecycle.ts to it.
 */
export interface SqlSource {
  file: string;
  name: string;
  text: string;
}

function sqlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sqlFiles(full);
    return entry.name.endsWith(".sql") ? [full] : [];
  });
}

export function sqlSources(): SqlSource[] {
  const root = process.cwd();
  return sqlFiles(path.join(root, "lib"))
    .sort()
    .map((full) => {
      const text = readFileSync(full, "utf8");
      const name = /CREATE OR REPLACE FUNCTION (\w+)\(/.exec(text)?.[1];
      if (!name) throw new Error(`${full} holds no CREATE OR REPLACE FUNCTION`);
      return { file: path.relative(root, full), name, text };
    });
}

export function sqlSource(name: string): SqlSource {
  const found = sqlSources().find((s) => s.name === name);
  if (!found) throw new Error(`no source file for ${name}`);
  return found;
}

/** The statements of every migration in drizzle/, in the order they run. */
export function migrationStatements(): { tag: string; text: string }[] {
  const folder = path.join(process.cwd(), "drizzle");
  const journal = JSON.parse(readFileSync(path.join(folder, "meta", "_journal.json"), "utf8")) as { entries: { tag: string }[] };
  return journal.entries.flatMap(({ tag }) =>
    readFileSync(path.join(folder, `${tag}.sql`), "utf8")
      .split("--> statement-breakpoint")
      .map((text) => ({ tag, text })),
  );
}

/** A function's body (between its $$ quotes), with runs of white space made one space. */
export function bodyOf(text: string): string {
  const parts = text.split("$$");
  if (parts.length < 3) throw new Error("no $$-quoted body");
  return normalise(parts[1]!);
}

export const normalise = (text: string) => text.replace(/\s+/g, " ").trim();
