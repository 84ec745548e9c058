import { describe, expect, it } from "vitest";
import { checkProduction, isTestOrBenchRoute, sourceRoutes } from "@/scripts/build-routes";

describe("builds", () => {
  it("a production build finds no test or bench route; the test build finds every one the security matrix lists", () => {
    expect(sourceRoutes("production").filter(isTestOrBenchRoute)).toEqual([]);
    expect(sourceRoutes("test").filter(isTestOrBenchRoute)).toEqual([
      "/api/bench/[op]",
      "/api/bench/floor",
      "/api/test/fixtures",
      "/bench/floor",
      "/bench/shell",
    ]);
    // The bench build has the bench's routes and not the e2e fixtures.
    expect(sourceRoutes("bench").filter(isTestOrBenchRoute)).not.toContain("/api/test/fixtures");
    // Apart from those, all three serve the same routes.
    const product = sourceRoutes("production");
    expect(sourceRoutes("test").filter((r) => !isTestOrBenchRoute(r))).toEqual(product);
    expect(product).toContain("/api/health");
    expect(checkProduction().problems).toEqual([]);
  });

  it("recognises what must stay out of production, and nothing else", () => {
    for (const route of ["/bench/floor", "/bench/shell", "/api/bench/[op]", "/api/test/fixtures"])
      expect(isTestOrBenchRoute(route)).toBe(true);
    for (const route of ["/", "/benchmarks", "/api/health", "/cycles/[id]", "/api/reports/[id]/csv"])
      expect(isTestOrBenchRoute(route)).toBe(false);
  });
});
