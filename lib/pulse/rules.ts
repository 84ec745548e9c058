import { addDaysIso, isoDateOf } from "@/lib/dates";

/** How long a pulse stays open for its raters, at most: a few minutes to answer, a few weeks to gather. */
export const MAX_PULSE_DAYS = 30;
/** Personal cycles (and any cycle from before issue 22) wait this long. */
export const DEFAULT_PULSE_AFTER_DAYS = 90;

/** The first day a released report's subject may ask for a pulse: its release date plus the cycle's days. */
export function pulseAvailableOn(releasedAt: Date, pulseAfterDays: number): string {
  return addDaysIso(isoDateOf(releasedAt), pulseAfterDays);
}

export function isPulseAvailable(releasedAt: Date, pulseAfterDays: number, now: Date): boolean {
  return isoDateOf(now) >= pulseAvailableOn(releasedAt, pulseAfterDays);
}

/** Whole days from the release to now: what "compared with … ago" is worded from. */
export function daysSince(releasedAt: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - releasedAt.getTime()) / 86_400_000));
}
