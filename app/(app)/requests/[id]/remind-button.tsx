"use client";

import { Button } from "@/app/_components/ui";
import { useAction } from "@/app/_components/use-action";
import { remindRatersAction } from "@/lib/requests/actions";

export function RemindButton({ requestId }: { requestId: string }) {
  const reminding = useAction();
  return (
    <div className="space-y-2">
      <Button
        type="button"
        variant="secondary"
        disabled={reminding.busy}
        onClick={() =>
          reminding.run(() => remindRatersAction({ requestId }), {
            success: () =>
              "Reminders are on their way to anyone who has not answered yet. Nobody gets more than one reminder a day, and you are not told who was reminded.",
          })
        }
      >
        {reminding.busy ? "Sending reminders…" : "Remind raters who have not answered"}
      </Button>
      <p aria-live="polite" className="text-sm text-slate-700">
        {reminding.outcome?.text}
      </p>
    </div>
  );
}
