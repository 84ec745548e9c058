"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { startRequestAction } from "@/lib/requests/actions";
import { Button } from "./ui";

export function StartRequestButton({ cycleId, cycleName }: { cycleId: string; cycleName: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <div>
      <Button
        type="button"
        disabled={busy}
        aria-label={`Start your feedback request in ${cycleName}`}
        onClick={async () => {
          setBusy(true);
          const result = await startRequestAction({ cycleId });
          if (result.ok) router.push(`/requests/${result.data.requestId}`);
          else {
            setBusy(false);
            setError(result.error);
          }
        }}
      >
        {busy ? "Starting…" : "Start your feedback request"}
      </Button>
      {error ? (
        <p role="alert" className="mt-2 text-sm font-medium text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
