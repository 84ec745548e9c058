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
          setMessage(
            result.ok
              ? "Reminders are on their way to anyone who has not answered yet. Nobody gets more than one reminder a day, and you are not told who was reminded."
              : result.error,
          );
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
