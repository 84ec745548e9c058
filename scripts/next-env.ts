/**
 * Every `next` the project's scripts start (npm run dev, build, start) runs with Next's telemetry
 * off: a privacy product should not report home by default, and an environment prefix in
 * package.json (`NEXT_TELEMETRY_DISABLED=1 next build`) does not work in Windows' shell.
 * Set NEXT_TELEMETRY_DISABLED=0 yourself to let Next collect it.
 */
import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";

/** The environment every `next` we start gets: telemetry off unless someone chose otherwise. */
export function nextEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...base, NEXT_TELEMETRY_DISABLED: base.NEXT_TELEMETRY_DISABLED ?? "1" };
}

export function spawnNext(args: string[], options: SpawnOptions = {}): ChildProcess {
  const child = spawn(process.execPath, [require.resolve("next/dist/bin/next"), ...args], { stdio: "inherit", ...options, env: nextEnv() });
  // Ctrl-C reaches the whole process group by itself; a plain `kill <pid>` of the wrapper must stop Next too.
  for (const signal of ["SIGTERM", "SIGHUP"] as const) process.on(signal, () => child.kill(signal));
  process.on("SIGINT", () => undefined);
  return child;
}
