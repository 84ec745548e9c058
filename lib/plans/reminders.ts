import { and, eq, inArray, isNull, lte, ne } from "drizzle-orm";
import { addDaysIso, todayIso } from "@/lib/dates";
import type { Executor } from "@/lib/db";
import { developmentPlans, organisations, people, planActions } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { formatDate } from "@/lib/format";
import { renderEmailHtml } from "@/lib/mail/html";
import { deliverMail, type MailMessage } from "@/lib/mail/transport";

/**
 * Reminders for a plan's due dates: one e-mail to the subject when an action that is not done
 * falls due within REMINDER_DAYS_AHEAD days (or is already past due and was never reminded). Sent
 * once per action: reminder_sent_at is claimed before sending and given back if the send fails,
 * so the next job tick tries again (as lib/reports/ready-mail.ts does). The e-mail names the date
 * and links to the plan; it carries nothing of the plan or the report.
 */

export const REMINDER_DAYS_AHEAD = 3;

export function planReminderEmail(input: { to: string; name: string; dueOn: string; organisationName: string; link: string }): MailMessage {
  const first = input.name.split(" ")[0];
  const lines = [
    `An action in your development plan is due on ${formatDate(input.dueOn)}.`,
    "Sign in to see it, mark where it stands, or move it on.",
  ];
  return {
    to: input.to,
    subject: `An action in your development plan is due on ${formatDate(input.dueOn)}`,
    text: [`Hello ${first},`, "", ...lines.flatMap((l) => [l, ""]), input.link, "", `Twofold · ${input.organisationName}`].join("\n"),
    html: renderEmailHtml({
      heading: "A plan action is due soon",
      paragraphs: [`Hello ${first},`, ...lines],
      action: { label: "Open your plan", url: input.link },
      footer: `Twofold · ${input.organisationName}`,
    }),
  };
}

export async function sendPlanReminders(db: Executor, now: Date = new Date()): Promise<number> {
  const until = addDaysIso(todayIso(now), REMINDER_DAYS_AHEAD);
  const due = await db
    .select({
      id: planActions.id,
      dueOn: planActions.dueOn,
      requestId: developmentPlans.requestId,
      email: people.email,
      name: people.name,
      active: people.active,
      organisationName: organisations.name,
    })
    .from(planActions)
    .innerJoin(developmentPlans, eq(developmentPlans.id, planActions.planId))
    .innerJoin(people, eq(people.id, developmentPlans.subjectPersonId))
    .innerJoin(organisations, eq(organisations.id, planActions.organisationId))
    .where(and(isNull(planActions.reminderSentAt), ne(planActions.status, "done"), lte(planActions.dueOn, until)));
  let sent = 0;
  for (const r of due) {
    // Claim first: two runners never both send it.
    const claimed = await db
      .update(planActions)
      .set({ reminderSentAt: now })
      .where(and(eq(planActions.id, r.id), isNull(planActions.reminderSentAt)))
      .returning({ id: planActions.id });
    if (claimed.length === 0) continue;
    // Someone who left, or whose personal data was erased, is not written to (the claim stays).
    if (!r.active || r.email.endsWith("@erased.invalid")) continue;
    try {
      await deliverMail(
        planReminderEmail({
          to: r.email,
          name: r.name,
          dueOn: r.dueOn!,
          organisationName: r.organisationName,
          link: `${env().appUrl}/reports/${r.requestId}/plan`,
        }),
      );
      sent++;
    } catch (error) {
      await db
        .update(planActions)
        .set({ reminderSentAt: null })
        .where(inArray(planActions.id, [r.id]));
      console.error("[plans] could not e-mail a plan reminder:", (error as Error)?.message);
    }
  }
  return sent;
}
