"use client";

import { useState } from "react";
import { AnonymityPreview } from "@/app/_components/anonymity-preview";
import { Button, Card, Field, inputClass } from "@/app/_components/ui";
import { useAction } from "@/app/_components/use-action";
import { decideNominationsAction } from "@/lib/requests/actions";
import type { GroupPreview } from "@/lib/report/preview";

export function ApprovalPanel({
  requestId,
  subjectName,
  waiting,
  round,
  preview,
}: {
  requestId: string;
  subjectName: string;
  waiting: number;
  /** The version of the list on screen: the decision covers exactly these raters. */
  round: number;
  preview: GroupPreview[];
}) {
  const [note, setNote] = useState("");
  const [noteError, setNoteError] = useState<string | null>(null);
  const deciding = useAction();

  const decide = (decision: "approve" | "reject") => {
    setNoteError(null);
    return deciding.run(
      () =>
        decision === "approve"
          ? decideNominationsAction({ requestId, decision, round })
          : decideNominationsAction({ requestId, decision, round, note }),
      {
        success: (data) =>
          data.decision === "approve"
            ? `Approved: ${data.sent} ${data.sent === 1 ? "invitation" : "invitations"} sent.`
            : `Sent back to ${subjectName} with your note.`,
        failure: (failure) => {
          const noteFailure = failure.fieldErrors?.note?.[0];
          if (noteFailure) setNoteError(noteFailure);
          return Boolean(noteFailure);
        },
      },
    );
  };

  if (waiting === 0) {
    // Stays mounted after a decision, so its confirmation remains on screen.
    return (
      <Card aria-labelledby="approval-heading">
        <h2 id="approval-heading" className="text-lg font-semibold">
          Approvals
        </h2>
        <p role="status" aria-live="polite" className="mt-1 text-sm">
          {deciding.outcome?.text ?? `Nothing of ${subjectName}'s is waiting for your approval.`}
        </p>
      </Card>
    );
  }
  return (
    <Card aria-labelledby="approval-heading">
      <h2 id="approval-heading" className="text-lg font-semibold">
        Approve {subjectName}&apos;s raters
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        {waiting} {waiting === 1 ? "rater is" : "raters are"} waiting (marked &ldquo;Awaiting approval&rdquo; above, each with the reason it
        needs you). Approving sends exactly these; anyone added later waits for a new decision. You can take raters off the list above
        before approving, or send the list back with a note asking for changes.
      </p>
      <div className="mt-4">
        <AnonymityPreview preview={preview} />
      </div>
      <div className="mt-4 space-y-3">
        <Button type="button" onClick={() => decide("approve")} disabled={deciding.busy}>
          Approve and send invitations
        </Button>
        <Field id="approval-note" label="Note for a change (if sending back)" error={noteError ?? undefined}>
          <textarea
            id="approval-note"
            className={inputClass}
            rows={3}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            aria-invalid={noteError ? true : undefined}
            aria-describedby={noteError ? "approval-note-error" : undefined}
          />
        </Field>
        <Button type="button" variant="secondary" onClick={() => decide("reject")} disabled={deciding.busy}>
          Send back for changes
        </Button>
      </div>
      <p role="status" aria-live="polite" className="mt-3 text-sm">
        {deciding.outcome?.text}
      </p>
    </Card>
  );
}
