"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";
import { Button } from "@/app/_components/ui";
import { showFieldErrors, useAction } from "@/app/_components/use-action";
import { saveCycleAction } from "@/lib/cycles/actions";
import { cycleFormSchema, type CycleForm } from "@/lib/cycles/schemas";
import { AnonymitySection, CustomItemsSection, NameAndDatesSection, RatersSection, ScopeSection } from "./cycle-form-sections";

export function CycleFormView({
  cycleId,
  initial,
  teams,
}: {
  cycleId?: string;
  initial: CycleForm;
  teams: { id: string; name: string }[];
}) {
  const form = useForm<CycleForm>({ resolver: zodResolver(cycleFormSchema), defaultValues: initial });
  const {
    handleSubmit,
    setError,
    formState: { isSubmitting },
  } = form;
  const saving = useAction();

  const onSubmit = handleSubmit(
    (values) =>
      saving.run(() => saveCycleAction({ cycleId, form: values }), {
        redirect: (data) => `/cycles/${data.cycleId}`,
        // The action takes the form under `form`: its field errors go back to the form's own names.
        failure: (failure) => void showFieldErrors(failure, setError, { rename: (path) => path.replace(/^form\./, "") }),
      }),
    () => saving.say({ tone: "error", text: "Please correct the highlighted fields." }),
  );

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-8">
      {saving.outcome ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm font-medium text-red-800">
          {saving.outcome.text}
        </p>
      ) : null}
      <NameAndDatesSection form={form} />
      <AnonymitySection form={form} />
      <RatersSection form={form} />
      <ScopeSection form={form} teams={teams} />
      <CustomItemsSection form={form} />
      <Button type="submit" disabled={isSubmitting || saving.busy}>
        {isSubmitting || saving.busy ? "Saving…" : "Save as draft"}
      </Button>
    </form>
  );
}
