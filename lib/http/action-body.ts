/**
 * Server actions receive their arguments in React's reply encoding: JSON in which a string that
 * starts with "$" is a reference to something else. A body with a reference React cannot resolve
 * makes the framework throw before any of our code runs, which surfaces as a 500. The proxy turns
 * such bodies away with a 400 instead. These are the only "$" forms a plain JSON body from our own
 * forms can contain (escaped strings, undefined, dates, big integers, special numbers).
 */
const ALLOWED = /^\$(\$|undefined$|D|n-?\d+$|Infinity$|-Infinity$|NaN$|-0$)/;

export function isWellFormedActionBody(text: string): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return false;
  }
  const ok = (value: unknown, depth: number): boolean => {
    if (depth > 64) return false;
    if (typeof value === "string") return !value.startsWith("$") || ALLOWED.test(value);
    if (Array.isArray(value)) return value.every((v) => ok(v, depth + 1));
    if (value && typeof value === "object") return Object.values(value).every((v) => ok(v, depth + 1));
    return true;
  };
  return ok(parsed, 0);
}
