import fs from "node:fs";
import path from "node:path";

/**
 * Figures from the security suite (matrix cells, fuzz cases, races, faults), collected across
 * test workers in one JSON file that scripts/test.ts prints at the end of the run.
 */
const file = () => path.join(".test-data", process.env.SECURITY_FIGURES_NAME ?? "security-figures.json");

export function recordFigure(name: string, value: number): void {
  fs.mkdirSync(".test-data", { recursive: true });
  // One line per record: appends from parallel workers never clobber each other.
  fs.appendFileSync(file(), `${JSON.stringify({ name, value })}\n`);
}
