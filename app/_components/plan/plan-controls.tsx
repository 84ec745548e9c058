"use client";

import { useForm } from "react-hook-form";
import { lazyZodResolver } from "@/app/_components/lazy-zod-resolver";
import { Button, ErrorText, Field, fieldAria, inputClass, OutcomeText } from "@/app/_components/ui";
import { showFieldErrors, useAction } from "@/app/_components/use-action";
import {
  addPlanActionAction,
  removePlanActionAction,
  saveFocusNoteAction,
  setFocusAreasAction,
  setPlanActionStatusAction,
  shareWithCoachAction,
  shareWithManagerAction,
  withdrawShareAction,
} from "@/lib/plans/actions";
import type { ActionStatus, AddActionInput, ShareWithCoachInput } from "@/lib/plans/schemas";

// The forms validate with the server actions' own schemas (lib/plans/schemas.ts), loaded on first touch.
const actionValidation = lazyZodResolver<AddActionInput>(() => import("@/lib/plans/schemas").then((m) => m.addActionSchema));
const coachValidation = lazyZodResolver<ShareWithCoachInput>(() => import("@/lib/plans/schemas").then((m) => m.shareWithCoachSchema));

export interface FocusOption {
  key: string;
  label: string;
  hint: string;
  suggested: boolean;
}

export function FocusPicker({ requestId, options, chosen }: { requestId: string; options: FocusOption[]; chosen: string[] }) {
  const saving = useAction();
  const { register, handleSubmit, watch } = useForm<{ focus: string[] }>({ defaultValues: { focus: chosen } });
  const watched = watch("focus");
  const picked = Array.isArray(watched) ? watched : watched ? [watched] : [];
  const onSubmit = handleSubmit(({ focus }) =>
    saving.run(() => setFocusAreasAction({ requestId, focus: Array.isArray(focus) ? focus : focus ? [focus] : [] }), {
      success: () => "Focus areas saved.",
      // The schema's own sentence ("at least one", "at most three") rather than the generic one.
      failure: (f) => {
        const message = f.fieldErrors?.focus?.[0];
        if (message) saving.say({ tone: "error", text: message });
        return Boolean(message);
      },
    }),
  );
  return (
    <form onSubmit={onSubmit} noValidate className="mt-3 space-y-3">
      <fieldset>
        <legend className="text-sm font-semibold">Choose one to three focus areas ({picked.length} chosen)</legend>
        <div className="mt-2 grid gap-2 md:grid-cols-2">
          {options.map((o) => (
            <label
              key={o.key}
              className="flex min-h-11 items-start gap-3 rounded-md border border-slate-300 p-3 text-sm has-[:checked]:border-accent-700 has-[:checked]:bg-slate-50"
            >
              <input type="checkbox" value={o.key} className="mt-1 size-5" {...register("focus")} />
              <span>
                <span className="font-semibold">{o.label}</span>
                {o.suggested ? (
                  <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-semibold text-amber-900">Suggested</span>
                ) : null}
                <span className="block text-slate-600">{o.hint}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <OutcomeText outcome={saving.outcome} />
      <Button type="submit" disabled={saving.busy}>
        {saving.busy ? "Saving…" : "Save focus areas"}
      </Button>
    </form>
  );
}

export function NoteForm({ requestId, focusAreaId, note, label }: { requestId: string; focusAreaId: string; note: string; label: string }) {
  const saving = useAction();
  const { register, handleSubmit } = useForm<{ note: string }>({ defaultValues: { note } });
  const id = `note-${focusAreaId}`;
  const onSubmit = handleSubmit((v) =>
    saving.run(() => saveFocusNoteAction({ requestId, focusAreaId, note: v.note }), { success: () => "Note saved." }),
  );
  return (
    <form onSubmit={onSubmit} noValidate className="mt-3 space-y-2">
      <Field id={id} label={label}>
        <textarea id={id} rows={3} maxLength={2000} className={inputClass} {...register("note")} />
      </Field>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" variant="secondary" disabled={saving.busy}>
          {saving.busy ? "Saving…" : "Save note"}
        </Button>
        <OutcomeText outcome={saving.outcome} />
      </div>
    </form>
  );
}

export function AddActionForm({ requestId, focusAreaId, focusTitle }: { requestId: string; focusAreaId: string; focusTitle: string }) {
  const adding = useAction();
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors },
  } = useForm<AddActionInput>({
    resolver: actionValidation.resolver,
    defaultValues: { requestId, focusAreaId, what: "", dueOn: "", helper: "" },
  });
  const onSubmit = handleSubmit((v) =>
    adding.run(() => addPlanActionAction({ ...v, requestId, focusAreaId }), {
      success: () => {
        reset({ requestId, focusAreaId, what: "", dueOn: "", helper: "" });
        return "Action added.";
      },
      failure: (f) => showFieldErrors(f, setError, { only: ["what", "dueOn", "helper"] }),
    }),
  );
  const p = `action-${focusAreaId}`;
  return (
    <form
      onSubmit={onSubmit}
      noValidate
      className="mt-4 space-y-3 rounded-md bg-slate-50 p-3"
      aria-label={`Add an action to ${focusTitle}`}
      onFocusCapture={actionValidation.prefetch}
    >
      <Field id={`${p}-what`} label="What will you do?" error={errors.what?.message}>
        <input id={`${p}-what`} className={inputClass} {...fieldAria(`${p}-what`, errors.what?.message)} {...register("what")} />
      </Field>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field id={`${p}-due`} label="By when (optional)" error={errors.dueOn?.message}>
          <input
            id={`${p}-due`}
            type="date"
            className={inputClass}
            {...fieldAria(`${p}-due`, errors.dueOn?.message)}
            {...register("dueOn")}
          />
        </Field>
        <Field id={`${p}-helper`} label="Who can help (optional)" error={errors.helper?.message}>
          <input id={`${p}-helper`} className={inputClass} {...fieldAria(`${p}-helper`, errors.helper?.message)} {...register("helper")} />
        </Field>
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={adding.busy}>
          {adding.busy ? "Adding…" : "Add action"}
        </Button>
        <OutcomeText outcome={adding.outcome} />
      </div>
    </form>
  );
}

export function ActionStatusControl({
  requestId,
  actionId,
  status,
  what,
}: {
  requestId: string;
  actionId: string;
  status: ActionStatus;
  what: string;
}) {
  const saving = useAction();
  const id = `status-${actionId}`;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-semibold">
        Status<span className="sr-only"> of {what}</span>
      </label>
      <select
        id={id}
        className={`${inputClass} w-40`}
        defaultValue={status}
        disabled={saving.busy}
        onChange={(e) =>
          void saving.run(() => setPlanActionStatusAction({ requestId, actionId, status: e.target.value }), { success: () => "Saved." })
        }
      >
        <option value="planned">Planned</option>
        <option value="doing">Doing</option>
        <option value="done">Done</option>
      </select>
      <OutcomeText outcome={saving.outcome} />
    </div>
  );
}

export function RemoveActionButton({ requestId, actionId, what }: { requestId: string; actionId: string; what: string }) {
  const removing = useAction();
  return (
    <div>
      <Button
        type="button"
        variant="secondary"
        disabled={removing.busy}
        onClick={() => void removing.run(() => removePlanActionAction({ requestId, actionId }))}
      >
        Remove<span className="sr-only"> {what}</span>
      </Button>
      <ErrorText>{removing.outcome?.tone === "error" ? removing.outcome.text : null}</ErrorText>
    </div>
  );
}

/**
 * Stays mounted once the plan is shared (only the button goes), so that the outcome of the click
 * is still on screen when the page comes back from the server saying it is shared.
 */
export function ShareWithManagerButton({ requestId, managerName, shared }: { requestId: string; managerName: string; shared: boolean }) {
  const sharing = useAction();
  return (
    <div className="space-y-1">
      {shared ? null : (
        <Button
          type="button"
          disabled={sharing.busy}
          onClick={() => void sharing.run(() => shareWithManagerAction({ requestId }), { success: () => `Shared with ${managerName}.` })}
        >
          Share with {managerName}
        </Button>
      )}
      <OutcomeText outcome={sharing.outcome} />
    </div>
  );
}

export function ShareWithCoachForm({ requestId }: { requestId: string }) {
  const sharing = useAction();
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors },
  } = useForm<ShareWithCoachInput>({ resolver: coachValidation.resolver, defaultValues: { requestId, coachName: "", coachEmail: "" } });
  const onSubmit = handleSubmit((v) =>
    sharing.run(() => shareWithCoachAction({ ...v, requestId }), {
      success: () => {
        reset({ requestId, coachName: "", coachEmail: "" });
        return "Shared: the coach has been e-mailed a link.";
      },
      failure: (f) => showFieldErrors(f, setError, { only: ["coachName", "coachEmail"] }),
    }),
  );
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3" aria-label="Share with a coach" onFocusCapture={coachValidation.prefetch}>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field id="coach-name" label="Coach's name" error={errors.coachName?.message}>
          <input
            id="coach-name"
            className={inputClass}
            autoComplete="off"
            {...fieldAria("coach-name", errors.coachName?.message)}
            {...register("coachName")}
          />
        </Field>
        <Field id="coach-email" label="Coach's e-mail address" error={errors.coachEmail?.message}>
          <input
            id="coach-email"
            type="email"
            inputMode="email"
            autoComplete="off"
            className={inputClass}
            {...fieldAria("coach-email", errors.coachEmail?.message)}
            {...register("coachEmail")}
          />
        </Field>
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" variant="secondary" disabled={sharing.busy}>
          {sharing.busy ? "Sharing…" : "E-mail the coach a link"}
        </Button>
        <OutcomeText outcome={sharing.outcome} />
      </div>
    </form>
  );
}

export function WithdrawShareButton({ requestId, shareId, name }: { requestId: string; shareId: string; name: string }) {
  const withdrawing = useAction();
  return (
    <div>
      <Button
        type="button"
        variant="secondary"
        disabled={withdrawing.busy}
        onClick={() => void withdrawing.run(() => withdrawShareAction({ requestId, shareId }), { success: () => "Sharing stopped." })}
      >
        Stop sharing<span className="sr-only"> with {name}</span>
      </Button>
      <OutcomeText outcome={withdrawing.outcome} />
    </div>
  );
}
