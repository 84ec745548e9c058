import { getDb } from "@/lib/db";
import { sendPulseAvailableMails } from "@/lib/pulse/mail";
import { sendPlanReminders } from "@/lib/plans/reminders";
import { pruneRateLimits } from "@/lib/rate-limit";
import { scrubLeftoverKeys } from "@/lib/reports/close";
import { sendReportReadyMails } from "@/lib/reports/ready-mail";
import { closeDueCycles } from "@/lib/reports/release";
import { retryUnsentInvitations, sendScheduledReminders } from "@/lib/requests/sending";

export type JobReport = Record<string, number>;

/**
 * One tick of every scheduled job. Each job is idempotent and records what it did in the database
 * before moving on, so running a tick twice, or in two processes at once, never does work twice.
 */
export async function runJobsOnce(now: Date = new Date()): Promise<JobReport> {
  const db = await getDb();
  return {
    invitationsRetried: await retryUnsentInvitations(db, now),
    remindersSent: await sendScheduledReminders(db, now),
    cyclesClosed: await closeDueCycles(db, now),
    reportReadyMailsSent: await sendReportReadyMails(db),
    pulseAvailableMailsSent: await sendPulseAvailableMails(db, now),
    planRemindersSent: await sendPlanReminders(db, now),
    rateLimitWindowsPruned: await pruneRateLimits(db, now),
    leftoverKeysShredded: await scrubLeftoverKeys(db),
  };
}
