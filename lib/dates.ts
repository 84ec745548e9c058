import { TIME_ZONE } from "@/lib/format";

/** "2026-12-13" -> the last minute of that day in the app's time zone, as an instant. */
export function endOfDay(isoDate: string): Date {
  const [y, m, d] = isoDate.split("-").map(Number) as [number, number, number];
  const guess = new Date(Date.UTC(y, m - 1, d, 23, 59, 0));
  return new Date(guess.getTime() - offsetMinutes(guess) * 60_000);
}

/** The time zone's offset from UTC at an instant, in minutes (60 during British Summer Time). */
function offsetMinutes(at: Date): number {
  const part = new Intl.DateTimeFormat("en-GB", { timeZone: TIME_ZONE, timeZoneName: "shortOffset" })
    .formatToParts(at)
    .find((p) => p.type === "timeZoneName")?.value;
  const match = part?.match(/GMT([+-])(\d{1,2})(?::(\d{2}))?/);
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  return match[1] === "-" ? -minutes : minutes;
}

/** Today's date in the app's time zone, "YYYY-MM-DD". */
export function todayIso(now: Date = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

export function addDaysIso(iso: string, days: number): string {
  const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** "2026-12-01" -> the first minute of that day in the app's time zone, as an instant. */
export function startOfDay(isoDate: string): Date {
  return new Date(endOfDay(isoDate).getTime() - (23 * 60 + 59) * 60_000);
}

/** An instant -> its date in the app's time zone, "YYYY-MM-DD" (for date inputs). */
export function isoDateOf(at: Date): string {
  return todayIso(at);
}
