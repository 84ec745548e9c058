import { withoutControlCharacters } from "@/lib/text/control";

/**
 * Query-string values as pages read them. Anything can arrive in a URL (`?page=1e20`, `?q=%00`,
 * `?q=a&q=b`), and none of it may reach a query unchecked (issue 19, finding 7).
 */

/** The first value of a parameter given once or several times. */
export function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export const MAX_PAGE = 100_000;

/** A page number: a whole number from 1 to MAX_PAGE; anything else is the first page. */
export function pageNumber(value: string | string[] | undefined): number {
  const text = firstValue(value)?.trim() ?? "";
  if (!/^\d{1,6}$/.test(text)) return 1;
  return Math.min(MAX_PAGE, Math.max(1, Number(text)));
}

/** Search text: control characters removed (the database cannot store NUL), trimmed, bounded. */
export function searchText(value: string | string[] | undefined, max = 100): string {
  return withoutControlCharacters(firstValue(value) ?? "")
    .replace(/[\t\r\n]/g, " ")
    .trim()
    .slice(0, max);
}
