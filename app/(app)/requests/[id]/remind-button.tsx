"use client";

import { useState } from "react";
import { Button } from "@/app/_components/ui";
import { remindRatersAction } from "@/lib/requests/actions";

export function RemindButton({ requestId }: { requestId: string }) {
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <div className="space-y-2">
      <Button
        type="button"
        variant="secondary"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          const result = await remindRatersAction({ requestId });
          setBusy(false);
          if (!result.ok) setMessage(result.error);
          else if (result.data.sent === 0) setMessage("Nobody to remind right now: everyone has answered, or was reminded in the last 24 hours.");
          else setMessage(`Reminder sent to ${result.data.sent} ${result.data.sent === 1 ? "rater" : "raters"} who had not answered yet.`);
        }}
      >
        {busy ? "Sending reminders…" : "Remind raters who have not answered"}
      </Button>
      <p aria-live="polite" className="text-sm text-slate-700">
        {message}
      </p>
    </div>
  );
}
