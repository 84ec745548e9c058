"use client";

import type { UseFormReturn } from "react-hook-form";
import { Button, Field, fieldAria, inputClass } from "@/app/_components/ui";
import type { CycleForm } from "@/lib/cycles/schemas";
import { MAX_CUSTOM_ITEMS } from "@/lib/framework";
import { GROUP_LABELS, NOMINATED_GROUPS } from "@/lib/report/groups";

/** The sections of the cycle form, in the order HR fills them in; each registers its own fields. */
type Props = { form: UseFormReturn<CycleForm> };

export function NameAndDatesSection({ form }: Props) {
  const {
    register,
    formState: { errors },
  } = form;
  return (
    <section className="space-y-4" aria-labelledby="basics">
      <h2 id="basics" className="text-lg font-semibold">
        Name and dates
      </h2>
      <Field id="cycle-name" label="Name" hint="For example: Spring 2027 leadership 360" error={errors.name?.message}>
        <input id="cycle-name" className={inputClass} {...fieldAria("cycle-name", errors.name?.message)} {...register("name")} />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <DateField form={form} name="opensOn" label="Opens on" />
        <DateField form={form} name="closesOn" label="Closes at the end of" />
      </div>
    </section>
  );
}

function DateField({ form: { register, formState }, name, label }: Props & { name: "opensOn" | "closesOn"; label: string }) {
  const error = formState.errors[name]?.message;
  return (
    <Field id={name} label={label} error={error}>
      <input id={name} type="date" className={inputClass} {...fieldAria(name, error)} {...register(name)} />
    </Field>
  );
}

export function AnonymitySection({ form }: Props) {
  const { register } = form;
  return (
    <section className="space-y-4" aria-labelledby="anonymity">
      <h2 id="anonymity" className="text-lg font-semibold">
        Anonymity
      </h2>
      <div className="grid gap-4 sm:grid-cols-2">
        <ThresholdField
          form={form}
          name="threshold"
          label="Anonymity threshold (k)"
          hint="Anonymous groups are shown only with at least this many raters. 3 to 10."
        />
        <ThresholdField
          form={form}
          name="commentThreshold"
          label="Comment threshold"
          hint="Comments are shown only for groups with at least this many responses."
        />
      </div>
      <fieldset className="space-y-2">
        <legend className="text-sm font-semibold">Who reads the released reports besides the person themselves</legend>
        <label className="flex min-h-11 items-center gap-2">
          <input type="checkbox" className="h-5 w-5" {...register("shareWithLineManager")} /> Their line manager
        </label>
        <label className="flex min-h-11 items-center gap-2">
          <input type="checkbox" className="h-5 w-5" {...register("shareWithHr")} /> HR (including team dashboards)
        </label>
      </fieldset>
      <PulseAfterDaysField form={form} />
    </section>
  );
}

function PulseAfterDaysField({ form: { register, formState } }: Props) {
  const error = formState.errors.pulseAfterDays?.message;
  return (
    <Field
      id="pulseAfterDays"
      label="Follow-up pulse after (days)"
      hint="How long after release each person may ask their raters whether they have noticed a change on their focus areas. 14 to 365; 90 is about three months."
      error={error}
    >
      <input
        id="pulseAfterDays"
        type="number"
        min={14}
        max={365}
        className={inputClass}
        {...fieldAria("pulseAfterDays", error)}
        {...register("pulseAfterDays", { valueAsNumber: true })}
      />
    </Field>
  );
}

function ThresholdField({
  form: { register, formState },
  name,
  label,
  hint,
}: Props & { name: "threshold" | "commentThreshold"; label: string; hint: string }) {
  const error = formState.errors[name]?.message;
  return (
    <Field id={name} label={label} hint={hint} error={error}>
      <input
        id={name}
        type="number"
        min={3}
        max={10}
        className={inputClass}
        {...fieldAria(name, error)}
        {...register(name, { valueAsNumber: true })}
      />
    </Field>
  );
}

export function RatersSection({ form: { register, formState } }: Props) {
  const { errors } = formState;
  return (
    <section className="space-y-4" aria-labelledby="raters">
      <h2 id="raters" className="text-lg font-semibold">
        Raters
      </h2>
      <label className="flex min-h-11 items-center gap-2">
        <input type="checkbox" className="h-5 w-5" {...register("requiresApproval")} /> Line managers (or HR) approve each person&apos;s
        raters before invitations go out
      </label>
      <div className="grid gap-4 sm:grid-cols-4">
        {NOMINATED_GROUPS.map((key) => [key, GROUP_LABELS[key].many] as const).map(([key, label]) => (
          <Field key={key} id={`limit-${key}`} label={`Most ${label.toLowerCase()}`} error={errors.limits?.[key]?.message}>
            <input
              id={`limit-${key}`}
              type="number"
              min={0}
              className={inputClass}
              {...fieldAria(`limit-${key}`, errors.limits?.[key]?.message)}
              {...register(`limits.${key}`, { valueAsNumber: true })}
            />
          </Field>
        ))}
      </div>
    </section>
  );
}

export function ScopeSection({ form: { register, watch, formState }, teams }: Props & { teams: { id: string; name: string }[] }) {
  const { errors } = formState;
  const scopeMode = watch("scopeMode");
  return (
    <section className="space-y-3" aria-labelledby="scope">
      <h2 id="scope" className="text-lg font-semibold">
        Who is being rated
      </h2>
      <label className="flex min-h-11 items-center gap-2">
        <input type="radio" value="managers" className="h-5 w-5" {...register("scopeMode")} /> Everyone with direct reports
      </label>
      <label className="flex min-h-11 items-center gap-2">
        <input type="radio" value="teams" className="h-5 w-5" {...register("scopeMode")} /> People with direct reports in these teams:
      </label>
      {scopeMode === "teams" ? (
        <fieldset className="ml-7 grid gap-1 sm:grid-cols-3" aria-describedby={errors.teamIds ? "teams-error" : undefined}>
          <legend className="sr-only">Teams</legend>
          {teams.map((t) => (
            <label key={t.id} className="flex min-h-11 items-center gap-2">
              <input type="checkbox" value={t.id} className="h-5 w-5" {...register("teamIds")} /> {t.name}
            </label>
          ))}
          {errors.teamIds ? (
            <p id="teams-error" className="text-sm font-medium text-red-700 sm:col-span-3">
              {errors.teamIds.message}
            </p>
          ) : null}
        </fieldset>
      ) : null}
    </section>
  );
}

export function CustomItemsSection({ form: { register, watch, setValue, getValues, formState } }: Props) {
  const { errors } = formState;
  const customItems = watch("customItems");
  return (
    <section className="space-y-3" aria-labelledby="custom">
      <h2 id="custom" className="text-lg font-semibold">
        Your organisation&apos;s own items (optional)
      </h2>
      <p className="text-sm text-slate-600">
        Up to {MAX_CUSTOM_ITEMS} statements rated on the same scale, such as your values. Write them without a subject: &ldquo;acts on our
        value of openness&rdquo;.
      </p>
      {customItems.map((_, i) => (
        <div key={i} className="flex items-end gap-2">
          <div className="flex-1">
            <Field id={`custom-${i}`} label={`Item ${i + 1}`} error={errors.customItems?.[i]?.message}>
              <input
                id={`custom-${i}`}
                className={inputClass}
                {...fieldAria(`custom-${i}`, errors.customItems?.[i]?.message)}
                {...register(`customItems.${i}`)}
              />
            </Field>
          </div>
          <Button
            type="button"
            variant="ghost"
            aria-label={`Remove item ${i + 1}`}
            onClick={() =>
              setValue(
                "customItems",
                getValues("customItems").filter((__, j) => j !== i),
              )
            }
          >
            Remove
          </Button>
        </div>
      ))}
      {customItems.length < MAX_CUSTOM_ITEMS ? (
        <Button type="button" variant="secondary" onClick={() => setValue("customItems", [...getValues("customItems"), ""])}>
          Add an item
        </Button>
      ) : null}
    </section>
  );
}
