import { defineConfig } from "drizzle-kit";

// Only `drizzle-kit generate` uses this file: migrations are generated from lib/db/schema.ts into
// drizzle/ and committed. They are applied by lib/db/migrate.ts, never by `drizzle-kit push`.
export default defineConfig({
  dialect: "postgresql",
  schema: "./lib/db/schema.ts",
  out: "./drizzle",
});
