"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import Link from "next/link";
import { useForm } from "react-hook-form";
import { ConfirmButton } from "@/app/_components/confirm-button";
import { Button, Card, Field, inputClass, OutcomeText } from "@/app/_components/ui";
import { useAction } from "@/app/_components/use-action";
import { plural } from "@/lib/format";
import { addDaysIso, todayIso } from "@/lib/dates";
import {
  closeCycleAction,
  extendCycleAction,
  launchCycleAction,
  releaseAllAction,
  releaseOneAction,
  remindAllAction,
} from "@/lib/cycles/actions";
import { extendCycleSchema, type ExtendCycleInput } from "@/lib/cycles/schemas";

const people = (n: number) => (n === 1 ? "1 person" : `${n} people`);

export function CycleActions({
  cycleId,
  status,
  inScope,
  choosing,
  closesOn,
}: {
  cycleId: string;
  status: "draft" | "open" | "closed" | "released";
  /** Names: who a launch e-mails. */
  inScope: string[];
  /** People still choosing raters: each gets a reminder. */
  choosing: number;
  /** The current close date (ISO), for the extension's earliest choice. */
  closesOn: string;
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
            label={`Launch for ${people(inScope.length)}`}
            confirmLabel="Launch now"
            variant="primary"
            disabled={inScope.length === 0}
            question={`Launch? ${people(inScope.length)} ${inScope.length === 1 ? "is" : "are"} e-mailed, and the settings and wording freeze.`}
            onConfirm={() => acting.run(() => launchCycleAction({ cycleId }), { success: launchedMessage })}
          />
        ) : null}
        {status === "open" ? (
          <>
            <ConfirmButton
              label="Send reminders"
              confirmLabel="Send reminders"
              variant="primary"
              // How many raters get one is not said: it is how many have not answered yet, a live
              // count that would tell who has just answered (see remindAll).
              question={`Send reminders? ${
                choosing ? `${people(choosing)} still choosing raters ${choosing === 1 ? "gets" : "get"} one, and so does` : "It goes to"
              } every rater who has not answered yet (how many is not shown, so nobody can tell who has). Nobody gets more than one a day.`}
              onConfirm={() =>
                acting.run(() => remindAllAction({ cycleId }), {
                  success: ({ subjects }) =>
                    `Reminders are on their way to raters who have not answered yet${
                      subjects ? `, and to ${people(subjects)} still choosing raters` : ""
                    }. Nobody gets more than one reminder a day.`,
                })
              }
            />
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
      {status === "open" ? <ExtendForm cycleId={cycleId} closesOn={closesOn} /> : null}
    </Card>
  );
}

/** A later close date for a running cycle: raters who need more time get it, nobody loses any. */
function ExtendForm({ cycleId, closesOn }: { cycleId: string; closesOn: string }) {
  const extending = useAction();
  const earliest = addDaysIso(closesOn > todayIso() ? closesOn : todayIso(), 1);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<ExtendCycleInput>({
    resolver: zodResolver(extendCycleSchema),
    defaultValues: { cycleId, closesOn: addDaysIso(closesOn, 7) },
  });
  const onSubmit = handleSubmit((values) =>
    extending.run(() => extendCycleAction(values), {
      success: () => "Close date moved. Raters can answer until the end of the new day.",
      // The date is the form's one field: any refusal is said there.
      failure: (failure) => {
        setError("closesOn", { message: failure.fieldErrors?.closesOn?.[0] ?? failure.error });
        return true;
      },
    }),
  );
  return (
    <form onSubmit={onSubmit} noValidate className="mt-5 space-y-3 border-t border-slate-200 pt-4" aria-labelledby="extend-heading">
      <h3 id="extend-heading" className="font-semibold">
        Give raters more time
      </h3>
      <input type="hidden" {...register("cycleId")} />
      <Field
        id="closesOn"
        label="New close date"
        hint="Only later than the current close date: nobody loses time they were promised."
        error={errors.closesOn?.message}
      >
        <input
          id="closesOn"
          type="date"
          min={earliest}
          className={inputClass}
          aria-invalid={errors.closesOn ? true : undefined}
          aria-describedby={`closesOn-hint${errors.closesOn ? " closesOn-error" : ""}`}
          {...register("closesOn")}
        />
      </Field>
      <Button type="submit" variant="secondary" disabled={isSubmitting || extending.busy}>
        Move the close date
      </Button>
      <OutcomeText outcome={extending.outcome} />
    </form>
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
