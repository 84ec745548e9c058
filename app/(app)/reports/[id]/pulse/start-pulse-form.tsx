"use client";

import { useMemo } from "react";
import { useForm } from "react-hook-form";
import { lazyZodResolver } from "@/app/_components/lazy-zod-resolver";
import { Button, Field, inputClass } from "@/app/_components/ui";
import { useAction } from "@/app/_components/use-action";
import { addDaysIso, todayIso } from "@/lib/dates";
import { startPulseAction } from "@/lib/pulse/actions";
import type { StartPulseInput } from "@/lib/pulse/schemas";

export function StartPulseForm({ requestId, maxDays }: { requestId: string; maxDays: number }) {
  const start = useAction();
  const today = todayIso();
  const validation = useMemo(
    () => lazyZodResolver<StartPulseInput>(() => import("@/lib/pulse/schemas").then((m) => m.startPulseSchema)),
    [],
  );
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<StartPulseInput>({ resolver: validation.resolver, defaultValues: { requestId, closesOn: addDaysIso(today, 14) } });
  const onSubmit = handleSubmit((values) =>
    start.run(() => startPulseAction(values), {
      // Nomination is the ordinary request page: the report's raters are already on its list.
      redirect: (data) => `/requests/${data.requestId}`,
      failure: (failure) => {
        setError("closesOn", { message: failure.fieldErrors?.closesOn?.[0] ?? failure.error });
        return true;
      },
    }),
  );
  const starting = isSubmitting || start.busy;
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" onFocusCapture={validation.prefetch}>
      <input type="hidden" {...register("requestId")} />
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
      <Button type="submit" disabled={starting}>
        {starting ? "Starting…" : "Start the pulse and check raters"}
      </Button>
    </form>
  );
}
