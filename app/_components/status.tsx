import { Badge } from "./ui";

const requestStatus = {
  nominating: { label: "Choosing raters", tone: "warning" },
  awaiting_approval: { label: "Awaiting approval", tone: "warning" },
  collecting: { label: "Collecting feedback", tone: "info" },
  closed: { label: "Closed", tone: "neutral" },
  released: { label: "Report released", tone: "success" },
} as const;

const cycleStatus = {
  draft: { label: "Draft", tone: "neutral" },
  open: { label: "Open", tone: "info" },
  closed: { label: "Closed", tone: "neutral" },
  released: { label: "Reports released", tone: "success" },
} as const;

export function RequestStatusBadge({ status }: { status: keyof typeof requestStatus }) {
  const s = requestStatus[status];
  return <Badge tone={s.tone}>{s.label}</Badge>;
}

export function CycleStatusBadge({ status }: { status: keyof typeof cycleStatus }) {
  const s = cycleStatus[status];
  return <Badge tone={s.tone}>{s.label}</Badge>;
}
