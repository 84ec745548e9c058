/**
 * `npm run build` ends with this: the production build it has just made must serve no test or bench
 * route (scripts/build-routes.ts). `tsx scripts/check-build.ts [distDir]` checks another build.
 */
import { BUILDS } from "../next.config";
import { builtRoutes, checkProduction } from "./build-routes";

const distDir = process.argv[2] ?? BUILDS.production.distDir;
if (!builtRoutes(distDir)) {
  console.error(`No build in ${distDir} (no app-path-routes-manifest.json): run \`npm run build\` first.`);
  process.exit(1);
}
const { problems } = checkProduction({ distDir });
for (const p of problems) console.error(`Production build: ${p}`);
if (problems.length === 0) console.log(`Production build in ${distDir}: no test or bench routes.`);
process.exit(problems.length ? 1 : 0);
