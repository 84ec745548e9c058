import type { DirectoryChangeKind } from "@/lib/db/schema";
import { formatDate } from "@/lib/format";

/**
 * Separation of duties for the directory. A directory entry that the subject's own user created or
 * changed (name, e-mail, team, line manager, reactivation; on the directory page or by CSV import)
 * shortly before or during the cycle counts as an external rater: someone other than the subject
 * must approve it before it is invited. Otherwise a subject who is also HR could add "colleagues"
 * whose mail they read, answer for them and subtract their answers from a group.
 *
 * The window: from 30 days before the cycle opened until it closes. Pure.
 */
export const PROVENANCE_WINDOW_DAYS = 30;
const DAY_MS = 24 * 3600_000;

export interface Provenance {
  changedByUserId: string | null;
  changedAt: Date | null;
  changeKind: DirectoryChangeKind | null;
}

/** When the window of a cycle opened at `opensAt` begins. */
export function provenanceWindowStart(opensAt: Date): Date {
  return new Date(opensAt.getTime() - PROVENANCE_WINDOW_DAYS * DAY_MS);
}

/** Was this entry last created or changed by the subject's own user within the cycle's window? */
export function changedBySubject(entry: Provenance, subjectUserId: string | null, cycleOpensAt: Date): boolean {
  if (!subjectUserId || !entry.changedByUserId || !entry.changedAt) return false;
  return entry.changedByUserId === subjectUserId && entry.changedAt >= provenanceWindowStart(cycleOpensAt);
}

const VERB: Record<DirectoryChangeKind, string> = {
  added: "Added to the directory",
  edited: "Changed in the directory",
  reactivated: "Reactivated in the directory",
  imported: "Imported into the directory",
  provisioned: "Changed by directory sync",
};

/** What the approver reads: "Added to the directory by Max Manager on 3 December 2026." */
export function provenanceReason(entry: Provenance, subjectName: string): string {
  const verb = VERB[entry.changeKind ?? "edited"];
  return `${verb} by ${subjectName} on ${entry.changedAt ? formatDate(entry.changedAt) : "an unknown date"}.`;
}

/** The provenance columns for an entry changed now by `userId`. */
export function changedBy(userId: string | null, kind: DirectoryChangeKind, now = new Date()) {
  return { changedByUserId: userId, changedAt: now, changeKind: kind };
}
