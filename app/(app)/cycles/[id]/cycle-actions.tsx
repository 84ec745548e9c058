"use client";

import Link from "next/link";
import { ConfirmButton } from "@/app/_components/confirm-button";
import { Button, Card, OutcomeText } from "@/app/_components/ui";
import { useAction } from "@/app/_components/use-action";
import { closeCycleAction, launchCycleAction, releaseAllAction, releaseOneAction, remindAllAction } from "@/lib/cycles/actions";
import { plural } from "@/lib/format";

export function CycleActions({
  cycleId,
  status,
  inScope,
}: {
  cycleId: string;
  status: "draft" | "open" | "closed" | "released";
  inScope: number;
}) {
  const acting = useAction();
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
            onConfirm={() => acting.run(() => launchCycleAction({ cycleId }), { success: launchedMessage })}
          />
        ) : null}
        {status === "open" ? (
          <>
            <Button
              type="button"
              variant="secondary"
              onClick={() =>
                acting.run(() => remindAllAction({ cycleId }), {
                  success: ({ subjects }) =>
                    `Reminders are on their way to raters who have not answered yet${
                      subjects ? `, and to ${subjects === 1 ? "1 person" : `${subjects} people`} still choosing raters` : ""
                    }. Nobody gets more than one reminder a day.`,
                })
              }
            >
              Send reminders
            </Button>
            <ConfirmButton
              label="Close the cycle now"
              confirmLabel="Close now"
              question="Close now? Raters can no longer answer, and every link between raters and answers is destroyed. This cannot be undone."
              onConfirm={() =>
                acting.run(() => closeCycleAction({ cycleId }), { success: () => "Closed. You can now release the reports." })
              }
            />
          </>
        ) : null}
        {status === "closed" ? (
          <ConfirmButton
            label="Release all reports"
            confirmLabel="Release all"
            variant="primary"
            question="Release every report? Each is computed once and frozen; people can read them straight away."
            onConfirm={() =>
              acting.run(() => releaseAllAction({ cycleId }), {
                success: ({ released }) => `${released} ${released === 1 ? "report" : "reports"} released.`,
              })
            }
          />
        ) : null}
        {status === "closed" || status === "released" ? (
          <Link href={`/dashboards?cycle=${cycleId}`} className="font-semibold text-accent-700 underline">
            Team dashboard
          </Link>
        ) : null}
      </div>
      <OutcomeText outcome={acting.outcome} className="mt-3" />
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
  const releasing = useAction();
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
        onConfirm={() => releasing.run(() => releaseOneAction({ cycleId, requestId }), { success: () => "Released." })}
      />
      <span role="status" aria-live="polite" className="text-xs">
        {releasing.outcome?.text}
      </span>
    </span>
  );
}

function launchedMessage({ subjects, leftOut }: { subjects: number; leftOut: { name: string; cycleName: string }[] }) {
  const created = `Launched: ${plural(subjects, "feedback request")} created and their owners e-mailed.`;
  if (leftOut.length === 0) return created;
  const who = leftOut.map((l) => `${l.name} (open in ${l.cycleName})`).join(", ");
  return `${created} Left out, because one person has one feedback request open at a time: ${who}. They can start theirs here once the other has closed.`;
}
