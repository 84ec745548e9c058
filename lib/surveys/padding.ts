/**
 * A survey's submit and draft requests are padded to a size bucket before they leave the browser
 * (ADR 7). A proxy's access log records each request's size next to the time and the survey's
 * address; without padding, a long comment would show as a long request, and the released report
 * shows the comment. Buckets of 4 KB, then powers of two, as the sealed ballots use.
 */
export const PADDING_MAX = 512 * 1024;

export function paddingFor(payload: unknown): string {
  // The padding field's own framing: ,"padding":"" (13 bytes).
  const length = new TextEncoder().encode(JSON.stringify(payload)).length + 13;
  let bucket = 4096;
  while (bucket < length) bucket *= 2;
  return " ".repeat(Math.min(PADDING_MAX, bucket - length));
}

/** A survey request padded to a size bucket, so its size in a proxy's log says nothing (ADR 7). */
export function padded<T extends object>(payload: T): T & { padding: string } {
  return { ...payload, padding: paddingFor(payload) };
}
