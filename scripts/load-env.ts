import fs from "node:fs";

/** Scripts read .env like `next` does, so `npm run db:migrate` sees the same settings as the app. */
export function loadDotEnv(file = ".env"): void {
  if (!fs.existsSync(file)) return;
  process.loadEnvFile(file);
}
