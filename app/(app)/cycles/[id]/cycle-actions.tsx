"use client";

import Link from "next/link";
import { useState } from "react";
import { ConfirmButton } from "@/app/_components/confirm-button";
import { Button, Card } from "@/app/_components/ui";
import { closeCycleAction, launchCycleAction, releaseAllAction, releaseOneAction, remindAllAction } from "@/lib/cycles/actions";

export function CycleActions({
  cycleId,
  status,
  inScope,
}: {
  cycleId: string;
  status: "draft" | "open" | "closed" | "released";
  inScope: number;
}) {
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const say = (ok: boolean, text: string) => setMessage({ ok, text });
  return (
    <Card aria-labelledby="next-heading" className="no-print">
      <h2 id="next-heading" className="text-lg font-semibold">
        {status === "draft"
          ? "Launch"
          : status === "open"
            ? "While it runs"
            : status === "closed"
              ? "Release the reports"
              : "Reports released"}
      </h2>
      <div className="mt-3 flex flex-wrap items-center gap-3">
        {status === "draft" ? (
          <ConfirmButton
            label={`Launch for ${inScope} ${inScope === 1 ? "person" : "people"}`}
            confirmLabel="Launch now"
            variant="primary"
            question="Launch? Everyone in scope is e-mailed, and the settings and wording freeze."
            onConfirm={async () => {
              const r = await launchCycleAction({ cycleId });
              say(r.ok, r.ok ? launchedMessage(r.data) : r.error);
            }}
          />
        ) : null}
        {status === "open" ? (
          <>
            <Button
              type="button"
              variant="secondary"
              onClick={async () => {
                const r = await remindAllAction({ cycleId });
                say(
                  r.ok,
                  r.ok
                    ? `Reminders are on their way to raters who have not answered yet${
                        r.data.subjects
                          ? `, and to ${r.data.subjects === 1 ? "1 person" : `${r.data.subjects} people`} still choosing raters`
                          : ""
                      }. Nobody gets more than one reminder a day.`
                    : r.error,
                );
              }}
            >
              Send reminders
            </Button>
            <ConfirmButton
              label="Close the cycle now"
              confirmLabel="Close now"
              question="Close now? Raters can no longer answer, and every link between raters and answers is destroyed. This cannot be undone."
              onConfirm={async () => {
                const r = await closeCycleAction({ cycleId });
                say(r.ok, r.ok ? "Closed. You can now release the reports." : r.error);
              }}
            />
          </>
        ) : null}
        {status === "closed" ? (
          <ConfirmButton
            label="Release all reports"
            confirmLabel="Release all"
            variant="primary"
            question="Release every report? Each is computed once and frozen; people can read them straight away."
            onConfirm={async () => {
              const r = await releaseAllAction({ cycleId });
              say(r.ok, r.ok ? `${r.data.released} ${r.data.released === 1 ? "report" : "reports"} released.` : r.error);
            }}
          />
        ) : null}
        {status === "closed" || status === "released" ? (
          <Link href={`/dashboards?cycle=${cycleId}`} className="font-semibold text-accent-700 underline">
            Team dashboard
          </Link>
        ) : null}
      </div>
      <p
        role="status"
        aria-live="polite"
        className={`mt-3 text-sm ${message?.ok === false ? "font-medium text-red-700" : "text-emerald-800"}`}
      >
        {message?.text}
      </p>
    </Card>
  );
}

export function ReleaseOneButton({
  cycleId,
  requestId,
  name,
  early,
}: {
  cycleId: string;
  requestId: string;
  name: string;
  early: boolean;
}) {
  const [message, setMessage] = useState<string | null>(null);
  return (
    <span className="flex flex-col gap-1">
      <ConfirmButton
        label={<span aria-label={`${early ? "Release early" : "Release"}: ${name}`}>{early ? "Release early" : "Release"}</span>}
        confirmLabel="Release"
        question={
          early
            ? `Release ${name}'s report now? Their links close at once; allowed only when every group with answers meets the threshold.`
            : `Release ${name}'s report?`
        }
        onConfirm={async () => {
          const r = await releaseOneAction({ cycleId, requestId });
          setMessage(r.ok ? "Released." : r.error);
        }}
      />
      <span role="status" aria-live="polite" className="text-xs">
        {message}
      </span>
    </span>
  );
}

function launchedMessage({ subjects, leftOut }: { subjects: number; leftOut: { name: string; cycleName: string }[] }) {
  const created = `Launched: ${subjects} ${subjects === 1 ? "feedback request" : "feedback requests"} created and their owners e-mailed.`;
  if (leftOut.length === 0) return created;
  const who = leftOut.map((l) => `${l.name} (open in ${l.cycleName})`).join(", ");
  return `${created} Left out, because one person has one feedback request open at a time: ${who}. They can start theirs here once the other has closed.`;
}
