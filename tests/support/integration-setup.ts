import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { closeDatabase, getDatabase, useDatabase } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { openTestDatabase, resetTestDatabase } from "./test-database";

// The app code under test reads config through env(); give it test values, not the developer's.
(process.env as Record<string, string>).NODE_ENV = "test";
process.env.AUTH_SECRET ??= "integration-tests-secret-integration-tests-secret";
process.env.APP_URL = "http://localhost:3999";
delete process.env.SMTP_URL;
// Ballot keys of this worker's requests (lib/surveys/sealing.ts), apart from the developer's.
process.env.KEYS_DIR = mkdtempSync(path.join(tmpdir(), "twofold-keys-"));
resetEnvCache();

beforeAll(async () => {
  useDatabase(await openTestDatabase());
});

beforeEach(async () => {
  await resetTestDatabase(await getDatabase());
});

afterAll(async () => {
  await closeDatabase();
});
