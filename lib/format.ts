/** en-GB everywhere, in one time zone, so the server and the browser render the same text. */
export const TIME_ZONE = "Europe/London";

const dateFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: TIME_ZONE });
const dateTimeFormat = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "long",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZone: TIME_ZONE,
});

/** "29 November 2026" */
export function formatDate(value: Date | string): string {
  return dateFormat.format(new Date(value));
}

/** "29 November 2026 at 16:40" */
export function formatDateTime(value: Date | string): string {
  return dateTimeFormat.format(new Date(value));
}

const pluralRules = new Intl.PluralRules("en-GB");

/**
 * The one place a count meets its noun: "1 feedback request", "3 feedback requests", "0 teams".
 * Never "request(s)". en-GB has only "one" and "other", but the rules decide, not `n === 1`.
 */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${pluralRules.select(n) === "one" ? one : many}`;
}

/**
 * When a request's feedback closes, in the right tense: "closes 15 December 2026" while that date
 * is ahead and the request still collects, "closed 30 June 2026" after it, and for a request
 * released early (its links closed before its cycle's date) "closed early; the cycle closes …".
 */
export function closingText(closesAt: Date | string, requestFinal: boolean, now: Date = new Date()): string {
  const date = formatDate(closesAt);
  if (new Date(closesAt).getTime() <= now.getTime()) return `closed ${date}`;
  return requestFinal ? `closed early; the cycle closes ${date}` : `closes ${date}`;
}

/** "closes 15 December 2026" -> "Closes 15 December 2026", for the start of a line. */
export function sentenceCase(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
