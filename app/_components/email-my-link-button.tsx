"use client";

import { Button } from "@/app/_components/ui";
import { useAction } from "@/app/_components/use-action";
import { emailMySurveyLinkAction } from "@/lib/requests/actions";

/**
 * "E-mail me my link": the survey opens from the e-mail, never from here, so this page needs to
 * know nothing about what the rater has done, and says the same to everyone.
 */
export function EmailMyLinkButton({ invitationId, subjectName, mailbox }: { invitationId: string; subjectName: string; mailbox: string }) {
  const sending = useAction();
  return (
    <div className="space-y-2">
      <Button
        type="button"
        disabled={sending.busy}
        aria-label={`E-mail me my link to give ${subjectName} feedback`}
        onClick={() =>
          sending.run(() => emailMySurveyLinkAction({ invitationId }), {
            success: () => `Sent. Open the e-mail to ${mailbox} and follow its link to the survey.`,
          })
        }
      >
        {sending.busy ? "Sending…" : "E-mail me my link"}
      </Button>
      <p
        aria-live="polite"
        className={`text-sm [overflow-wrap:anywhere] ${sending.outcome?.tone === "error" ? "text-red-700" : "text-slate-700"}`}
      >
        {sending.outcome?.text}
      </p>
    </div>
  );
}
