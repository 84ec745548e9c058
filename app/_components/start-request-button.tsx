"use client";

import { startRequestAction } from "@/lib/requests/actions";
import { Button, ErrorText } from "./ui";
import { useAction } from "./use-action";

export function StartRequestButton({ cycleId, cycleName }: { cycleId: string; cycleName: string }) {
  const starting = useAction();
  return (
    <div>
      <Button
        type="button"
        disabled={starting.busy}
        aria-label={`Start your feedback request in ${cycleName}`}
        onClick={() => starting.run(() => startRequestAction({ cycleId }), { redirect: (data) => `/requests/${data.requestId}` })}
      >
        {starting.busy ? "Starting…" : "Start your feedback request"}
      </Button>
      <ErrorText className="mt-2">{starting.outcome?.text}</ErrorText>
    </div>
  );
}
