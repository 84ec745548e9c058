"use client";

import { useState } from "react";
import { AnonymityPreview } from "@/app/_components/anonymity-preview";
import { Button, Card, OutcomeText } from "@/app/_components/ui";
import { useAction } from "@/app/_components/use-action";
import { submitNominationsAction } from "@/lib/requests/actions";
import { hasUnderThresholdGroup, type GroupPreview } from "@/lib/report/preview";

export function SendPanel({
  requestId,
  preview,
  pending,
  threshold,
  requiresApproval,
  hasExternal,
}: {
  requestId: string;
  preview: GroupPreview[];
  pending: number;
  threshold: number;
  requiresApproval: boolean;
  hasExternal: boolean;
}) {
  const [confirmed, setConfirmed] = useState(false);
  const sending = useAction();
  const underThreshold = hasUnderThresholdGroup(preview);

  const send = () =>
    sending.run(() => submitNominationsAction({ requestId, confirmUnderThreshold: confirmed }), {
      success: (d) => {
        const parts: string[] = [];
        if (d.sent || !d.awaitingApproval) parts.push(`${d.sent} ${d.sent === 1 ? "invitation" : "invitations"} sent.`);
        if (d.failed) parts.push(`${d.failed} could not be sent and will be retried automatically.`);
        if (d.awaitingApproval) {
          parts.push(
            `${d.awaitingApproval} ${d.awaitingApproval === 1 ? "rater waits" : "raters wait"} for approval by your line manager or HR.`,
          );
        }
        setConfirmed(false);
        // Some e-mails failing is shown as a failure, though the rest went out.
        return { tone: d.failed ? "error" : "ok", text: parts.join(" ") };
      },
    });

  return (
    <Card aria-labelledby="send-heading">
      <h2 id="send-heading" className="text-lg font-semibold">
        Anonymity check
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        If everyone you nominated answers, this is how their answers would appear. Anonymous groups need at least {threshold} raters.
      </p>
      <div className="mt-4">
        <AnonymityPreview preview={preview} />
      </div>
      {pending > 0 ? (
        <div className="mt-6 space-y-3">
          {underThreshold ? (
            <div className="flex items-start gap-2">
              <input
                id="confirm-under-threshold"
                type="checkbox"
                className="mt-1 h-5 w-5"
                checked={confirmed}
                onChange={(e) => setConfirmed(e.target.checked)}
              />
              <label htmlFor="confirm-under-threshold" className="text-sm">
                I understand that some groups are below the threshold, so their answers may be pooled or hidden. Send anyway.
              </label>
            </div>
          ) : null}
          <Button type="button" onClick={send} disabled={sending.busy || (underThreshold && !confirmed)}>
            {sending.busy
              ? "Sending…"
              : requiresApproval
                ? `Send ${pending} ${pending === 1 ? "rater" : "raters"} for approval`
                : `Send ${pending} ${pending === 1 ? "invitation" : "invitations"}`}
          </Button>
          {!requiresApproval && hasExternal ? (
            <p className="text-sm text-slate-600">
              Raters from outside the directory, and directory entries you added or changed yourself, are invited once your line manager (or
              HR) approves them.
            </p>
          ) : null}
        </div>
      ) : preview.length > 0 ? (
        <p className="mt-4 text-sm text-slate-600">Everyone on the list has been invited. Add someone to send more invitations.</p>
      ) : null}
      <OutcomeText outcome={sending.outcome} className="mt-3" />
    </Card>
  );
}
