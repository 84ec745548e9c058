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

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
