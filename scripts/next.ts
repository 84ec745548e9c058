/** `npm run build` / `npm start`: the `next` command with telemetry off (scripts/next-env.ts). */
import { spawnNext } from "./next-env";

spawnNext(process.argv.slice(2)).on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
