/**
 * `npm run db:functions -- <name>`: after editing a SQL function's source (lib/**\/*.sql), write a
 * migration that installs it. Migrations are immutable history, so the source is never edited in
 * drizzle/; drizzle-kit makes an empty migration (journal and snapshot as for any other), and this
 * fills it with the changed sources, word for word, which tests/unit/lifecycle.test.ts checks.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { migrationStatements, sqlSources } from "../tests/support/sql-sources";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("Usage: npm run db:functions -- <migration_name_in_snake_case>");
  process.exit(1);
}
const statements = migrationStatements();
const changed = sqlSources().filter((source) => {
  const latest = statements.filter((s) => s.text.includes(`CREATE OR REPLACE FUNCTION ${source.name}(`)).at(-1);
  return latest?.text.trim() !== source.text.trim();
});
if (changed.length === 0) {
  console.log("Every SQL function's source is what the latest migration installs: nothing to write.");
  process.exit(0);
}
execFileSync("npx", ["drizzle-kit", "generate", "--custom", "--name", name], { stdio: "inherit" });
const folder = path.join(process.cwd(), "drizzle");
const journal = JSON.parse(readFileSync(path.join(folder, "meta", "_journal.json"), "utf8")) as { entries: { tag: string }[] };
const file = path.join(folder, `${journal.entries.at(-1)!.tag}.sql`);
writeFileSync(file, changed.map((s) => s.text.trim() + "\n").join("--> statement-breakpoint\n"));
console.log(`${path.relative(process.cwd(), file)} installs ${changed.map((s) => s.name).join(", ")}.`);
