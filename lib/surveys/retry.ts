/**
 * Sending a survey again and again while the server cannot take it (issue 19, finding 13). A submit
 * the server refused as `retryable` (the database was away: nothing was changed) or that never got
 * an answer (the connection dropped) is sent again after a growing pause, until it is answered.
 * Sending again is safe: the server takes one response per invitation and answers a repeated first
 * submit with "already submitted", so nothing acknowledged is lost and nothing is counted twice.
 * Any other answer, good or bad, ends the loop and is handed back.
 */

export type Attempt<R> = { kind: "answer"; result: R } | { kind: "retry" };

export interface RetryOptions {
  /** Told before each pause: which retry comes next (1, 2, ...) and how long the pause is. */
  onWaiting?: (retry: number, delayMs: number) => void;
  /** Pauses, in order; the last one repeats. */
  delaysMs?: readonly number[];
  sleep?: (ms: number) => Promise<void>;
  /** Stops retrying (the page went away); resolves with null. */
  signal?: AbortSignal;
}

export const RETRY_DELAYS_MS = [1_000, 2_000, 4_000, 8_000, 15_000] as const;

export async function sendUntilAnswered<R extends { ok: boolean; retryable?: boolean }>(
  send: () => Promise<R>,
  { onWaiting, delaysMs = RETRY_DELAYS_MS, sleep = (ms) => new Promise((r) => setTimeout(r, ms)), signal }: RetryOptions = {},
): Promise<R | null> {
  for (let retry = 0; ; retry++) {
    if (signal?.aborted) return null;
    let result: R | null = null;
    try {
      result = await send();
    } catch {
      result = null; // no answer at all: the request may or may not have arrived; sending again is safe
    }
    if (result && !(result.ok === false && result.retryable)) return result;
    const delay = delaysMs[Math.min(retry, delaysMs.length - 1)]!;
    onWaiting?.(retry + 1, delay);
    await sleep(delay);
  }
}
