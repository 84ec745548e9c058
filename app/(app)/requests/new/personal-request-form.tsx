"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";
import { Button, Field, inputClass } from "@/app/_components/ui";
import { useAction } from "@/app/_components/use-action";
import { addDaysIso, todayIso } from "@/lib/dates";
import { startPersonalRequestAction } from "@/lib/requests/actions";
import { personalRequestSchema, type PersonalRequestInput } from "@/lib/requests/schemas";

export function PersonalRequestForm({ threshold, maxDays }: { threshold: number; maxDays: number }) {
  const start = useAction();
  const today = todayIso();
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<PersonalRequestInput>({
    resolver: zodResolver(personalRequestSchema),
    defaultValues: { closesOn: addDaysIso(today, 14) },
  });
  const onSubmit = handleSubmit((values) =>
    start.run(() => startPersonalRequestAction(values), {
      redirect: (data) => `/requests/${data.requestId}`,
      // The close date is the form's one field: any failure is said there.
      failure: (failure) => {
        setError("closesOn", { message: failure.fieldErrors?.closesOn?.[0] ?? failure.error });
        return true;
      },
    }),
  );
  const starting = isSubmitting || start.busy;
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <Field
        id="closesOn"
        label="Close date"
        hint={`Raters can answer until the end of this day. Two weeks works well; at most ${maxDays} days.`}
        error={errors.closesOn?.message}
      >
        <input
          id="closesOn"
          type="date"
          min={addDaysIso(today, 1)}
          max={addDaysIso(today, maxDays)}
          className={inputClass}
          aria-invalid={errors.closesOn ? true : undefined}
          aria-describedby={`closesOn-hint${errors.closesOn ? " closesOn-error" : ""}`}
          {...register("closesOn")}
        />
      </Field>
      <p className="text-sm text-slate-600">
        Anonymous groups (peers, direct reports, others) will need at least {threshold} raters each to be shown.
      </p>
      <Button type="submit" disabled={starting}>
        {starting ? "Starting…" : "Start and choose raters"}
      </Button>
    </form>
  );
}
