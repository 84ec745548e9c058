/**
 * Production contains no test or bench code (ADR 0012): the routes of the e2e fixtures and of the
 * bench live in `*.fixture.ts` / `*.bench.ts(x)` files, which only a test or bench build compiles
 * (next.config.ts). This checks both halves of that promise:
 *   - from the source: with a production build's page extensions, no route file under app/ is a
 *     test or bench route (and with the test build's, they are all there, so the check is live);
 *   - from a build: its route manifest (`app-path-routes-manifest.json`) names none of them.
 *
 * `npm run build` runs it on the build it has just made (scripts/check-build.ts); `npm test` runs
 * it on the source and on `.next` if a production build is there.
 */
import fs from "node:fs";
import path from "node:path";
import { pageExtensionsOf, type BUILDS } from "../next.config";

/** What a production build must never serve: the bench's pages and routes, and the e2e fixtures. */
const FORBIDDEN = /(^|\/)bench(\/|$)|(^|\/)api\/test\//;

export function isTestOrBenchRoute(route: string): boolean {
  return FORBIDDEN.test(route);
}

/** The routes a build of `kind` defines, found the way Next finds them (app/, private folders skipped). */
export function sourceRoutes(kind: keyof typeof BUILDS, appDir = path.resolve("app")): string[] {
  const ending = new RegExp(
    `^(page|route)\\.(${pageExtensionsOf(kind)
      .map((e) => e.replace(/\./g, "\\."))
      .join("|")})$`,
  );
  const found: string[] = [];
  const walk = (dir: string, segments: string[]) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (entry.name.startsWith("_")) continue;
        walk(path.join(dir, entry.name), /^\(.*\)$/.test(entry.name) ? segments : [...segments, entry.name]);
      } else if (ending.test(entry.name)) {
        found.push(`/${segments.join("/")}`);
      }
    }
  };
  walk(appDir, []);
  return [...new Set(found)].sort();
}

/** The routes a finished build serves, from its manifest (null when there is no build there). */
export function builtRoutes(distDir: string): string[] | null {
  const file = path.join(distDir, "app-path-routes-manifest.json");
  if (!fs.existsSync(file)) return null;
  return Object.values(JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, string>).sort();
}

/** Everything wrong, one sentence each; empty when production is clean. */
export function checkProduction(options: { distDir?: string } = {}): { checks: number; problems: string[] } {
  const problems: string[] = [];
  let checks = 2;
  const leaked = sourceRoutes("production").filter(isTestOrBenchRoute);
  if (leaked.length) problems.push(`a production build would serve ${leaked.join(", ")}: name the file *.fixture.ts or *.bench.tsx`);
  const guarded = sourceRoutes("test").filter(isTestOrBenchRoute);
  if (guarded.length === 0) problems.push("the test build has no fixture or bench routes: this check no longer finds them");
  if (options.distDir) {
    const routes = builtRoutes(options.distDir);
    if (routes) {
      checks++;
      const built = routes.filter(isTestOrBenchRoute);
      if (built.length) problems.push(`the build in ${options.distDir} serves ${built.join(", ")}`);
    }
  }
  return { checks, problems };
}
