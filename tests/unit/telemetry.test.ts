import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { describe, expect, it } from "vitest";

// Issue 21 item 13: a privacy product must not leave Next's telemetry on by default.
const scripts = JSON.parse(fs.readFileSync("package.json", "utf8")).scripts as Record<string, string>;

describe("Next's telemetry", () => {
  it("is off in every script that starts next", () => {
    for (const name of ["dev", "build", "start"]) {
      expect(scripts[name], name).toMatch(/^tsx scripts\/(next|dev)\.ts\b/);
      expect(scripts[name], `${name} must not call next directly`).not.toMatch(/(^|&&\s*)next\b/);
    }
  });

  it("is reported disabled by the next the scripts start, with nothing set in the environment", () => {
    const { NEXT_TELEMETRY_DISABLED: _, ...env } = process.env;
    const out = execFileSync(process.execPath, ["--import", "tsx", "scripts/next.ts", "telemetry", "status"], { env, encoding: "utf8" });
    expect(out).toMatch(/Status: Disabled/);
  });
});
