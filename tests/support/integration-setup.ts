import { afterAll, beforeAll, beforeEach } from "vitest";
import { closeDatabase, getDatabase, useDatabase } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { openTestDatabase, resetTestDatabase } from "./test-database";

// The app code under test reads config through env(); give it test values, not the developer's.
(process.env as Record<string, string>).NODE_ENV = "test";
process.env.AUTH_SECRET ??= "integration-tests-secret-integration-tests-secret";
process.env.APP_URL = "http://localhost:3999";
delete process.env.SMTP_URL;
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
