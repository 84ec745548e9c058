"use client";

import { useState, type ReactNode } from "react";
import { Button } from "./ui";

/**
 * A destructive action in two steps, in place: the first press asks, the second does it. Keyboard
 * focus moves to the confirming button so it is announced and one Enter away.
 */
export function ConfirmButton({
  label,
  confirmLabel,
  question,
  onConfirm,
  variant = "secondary",
  disabled,
}: {
  label: ReactNode;
  confirmLabel: string;
  question: string;
  onConfirm: () => unknown;
  variant?: "secondary" | "danger" | "primary";
  disabled?: boolean;
}) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  if (!asking) {
    return (
      <Button type="button" variant={variant === "danger" ? "secondary" : variant} disabled={disabled} onClick={() => setAsking(true)}>
        {label}
      </Button>
    );
  }
  return (
    <span role="group" aria-label={question} className="inline-flex flex-wrap items-center gap-2">
      <span className="text-sm text-slate-700">{question}</span>
      <Button
        type="button"
        variant={variant === "secondary" ? "danger" : variant}
        autoFocus
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          try {
            await onConfirm();
          } finally {
            setBusy(false);
            setAsking(false);
          }
        }}
      >
        {confirmLabel}
      </Button>
      <Button type="button" variant="ghost" onClick={() => setAsking(false)}>
        Cancel
      </Button>
    </span>
  );
}
