import { and, eq, exists, isNull, notExists, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Executor } from "@/lib/db";
import { cycles, developmentPlans, feedbackRequests, planFocusAreas } from "@/lib/db/schema";
import { sendOncePerRequest, subjectMailRows } from "@/lib/reports/ready-mail";
import { env } from "@/lib/env";
import { renderEmailHtml } from "@/lib/mail/html";
import type { MailMessage } from "@/lib/mail/transport";

/**
 * "You can ask for your follow-up pulse now": one e-mail to a released report's subject once the
 * cycle's days have passed, when they chose focus areas and have not run a pulse of it yet. It
 * names the cycle and carries a link, nothing from the report or the plan.
 */

export function pulseAvailableEmail(input: {
  to: string;
  subjectName: string;
  cycleName: string;
  organisationName: string;
  link: string;
}): MailMessage {
  const first = input.subjectName.split(" ")[0];
  const lines = [
    `It has been a while since your ${input.cycleName} report. You can now ask your raters a few short questions on your focus areas, to see whether they have noticed a change.`,
    "It takes them a few minutes, and the same anonymity rules apply as for the report itself.",
  ];
  return {
    to: input.to,
    subject: "Your follow-up pulse is ready to start",
    text: [`Hello ${first},`, "", ...lines.flatMap((l) => [l, ""]), input.link, "", `Twofold · ${input.organisationName}`].join("\n"),
    html: renderEmailHtml({
      heading: "Your follow-up pulse",
      paragraphs: [`Hello ${first},`, ...lines],
      action: { label: "Start your pulse", url: input.link },
      footer: `Twofold · ${input.organisationName}`,
    }),
  };
}

/** Send every due "pulse available" e-mail (the job runner); returns how many left. */
export async function sendPulseAvailableMails(db: Executor, now = new Date()): Promise<number> {
  const pulse = alias(feedbackRequests, "pulse");
  const due = await subjectMailRows(
    db,
    and(
      eq(feedbackRequests.status, "released"),
      isNull(feedbackRequests.pulseMailSentAt),
      sql`${cycles.kind} <> 'pulse'`,
      sql`${feedbackRequests.releasedAt} + make_interval(days => ${cycles.pulseAfterDays}::int) <= ${now.toISOString()}::timestamptz`,
      exists(
        db
          .select({ one: sql`1` })
          .from(planFocusAreas)
          .innerJoin(developmentPlans, eq(developmentPlans.id, planFocusAreas.planId))
          .where(eq(developmentPlans.requestId, feedbackRequests.id)),
      ),
      notExists(
        db
          .select({ one: sql`1` })
          .from(pulse)
          .where(eq(pulse.pulseOfRequestId, feedbackRequests.id)),
      ),
    ),
  );
  return sendOncePerRequest(due, {
    claim: async (id) =>
      (
        await db
          .update(feedbackRequests)
          .set({ pulseMailSentAt: now })
          .where(and(eq(feedbackRequests.id, id), isNull(feedbackRequests.pulseMailSentAt)))
          .returning({ id: feedbackRequests.id })
      ).length > 0,
    unclaim: async (id) => {
      await db.update(feedbackRequests).set({ pulseMailSentAt: null }).where(eq(feedbackRequests.id, id));
    },
    mail: (r) =>
      pulseAvailableEmail({
        to: r.email,
        subjectName: r.name,
        cycleName: r.cycleName,
        organisationName: r.organisationName,
        link: `${env().appUrl}/reports/${r.id}/pulse`,
      }),
    failure: "[pulse] could not e-mail the subject that their pulse is available",
  });
}
