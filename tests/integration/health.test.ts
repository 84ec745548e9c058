import { afterEach, describe, expect, it, vi } from "vitest";
import { GET } from "@/app/api/health/route";
import { getDatabase, useDatabase, type OpenDatabase } from "@/lib/db";

describe("GET /api/health", () => {
  let real: OpenDatabase | undefined;
  afterEach(() => {
    if (real) useDatabase(real);
    real = undefined;
    vi.restoreAllMocks();
  });

  it("says ok and nothing else while the database answers", async () => {
    const response = await GET();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("says only 'unavailable' during an outage; the details go to the server log without secrets", async () => {
    real = await getDatabase();
    const refused = Object.assign(new Error("connect ECONNREFUSED 10.1.2.3:6543 postgres://twofold:hunter2@db.internal:6543/twofold"), {
      code: "ECONNREFUSED",
    });
    useDatabase({ ...real, query: () => Promise.reject(refused) });
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const response = await GET();
    expect(response.status).toBe(503);
    const body = await response.text();
    expect(JSON.parse(body)).toEqual({ status: "unavailable" });
    for (const secret of ["10.1.2.3", "6543", "ECONNREFUSED", "db.internal", "hunter2", "embedded", "server"])
      expect(body).not.toContain(secret);
    const logged = log.mock.calls.flat().join(" ");
    expect(logged).toContain("ECONNREFUSED");
    expect(logged).not.toContain("hunter2");
  });
});
