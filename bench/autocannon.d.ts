// autocannon 9 ships no types, and @types/autocannon lags it: just what bench/run.ts uses.
declare module "autocannon" {
  import type { EventEmitter } from "node:events";
  function autocannon(options: Record<string, unknown>, done: (error: Error | null, result: unknown) => void): EventEmitter;
  export default autocannon;
}
