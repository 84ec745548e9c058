"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useForm, type Resolver } from "react-hook-form";
import { Button, Field, fieldAria, inputClass } from "@/app/_components/ui";
import { showFieldErrors, useAction } from "@/app/_components/use-action";
import { addPersonAction, editPersonAction } from "@/lib/people/actions";
import { addPersonSchema, editPersonSchema, type AddPersonInput, type EditPersonInput } from "@/lib/people/schemas";

type Option = { id: string; name: string };

export function PersonForm({
  person,
  managers,
  teams,
}: {
  person?: { id: string; name: string; email: string; team: string | null; managerId: string | null };
  managers: Option[];
  teams: { name: string }[];
}) {
  const saving = useAction();
  const editing = Boolean(person);
  const form = useForm<AddPersonInput & Partial<EditPersonInput>>({
    // One form, two schemas: editing has no e-mail field (it is the person's identity).
    resolver: zodResolver(editing ? editPersonSchema : addPersonSchema) as unknown as Resolver<AddPersonInput & Partial<EditPersonInput>>,
    defaultValues: editing
      ? { personId: person!.id, name: person!.name, team: person!.team ?? "", managerId: person!.managerId ?? "" }
      : { name: "", email: "", team: "", managerId: "" },
  });
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = form;

  const failure = (f: Parameters<typeof showFieldErrors>[0]) => void showFieldErrors(f, setError);
  const onSubmit = handleSubmit((values) =>
    person
      ? saving.run(() => editPersonAction({ personId: person.id, name: values.name, team: values.team, managerId: values.managerId }), {
          success: () => "Saved.",
          failure,
        })
      : saving.run(() => addPersonAction({ name: values.name, email: values.email, team: values.team, managerId: values.managerId }), {
          redirect: (data) => `/people/${data.personId}`,
          failure,
        }),
  );
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <Field id="person-name" label="Name" error={errors.name?.message}>
        <input
          id="person-name"
          className={inputClass}
          autoComplete="off"
          {...fieldAria("person-name", errors.name?.message)}
          {...register("name")}
        />
      </Field>
      {editing ? (
        <p className="text-sm">
          <span className="font-semibold">E-mail:</span> {person!.email}
        </p>
      ) : (
        <Field id="person-email" label="Work e-mail address" error={errors.email?.message}>
          <input
            id="person-email"
            type="email"
            className={inputClass}
            autoComplete="off"
            {...fieldAria("person-email", errors.email?.message)}
            {...register("email")}
          />
        </Field>
      )}
      <Field id="person-team" label="Team" hint="Choose one or type a new team name." error={errors.team?.message}>
        <input
          id="person-team"
          list="team-names"
          className={inputClass}
          autoComplete="off"
          {...fieldAria("person-team", errors.team?.message)}
          {...register("team")}
        />
        <datalist id="team-names">
          {teams.map((t) => (
            <option key={t.name} value={t.name} />
          ))}
        </datalist>
      </Field>
      <Field id="person-manager" label="Line manager" error={errors.managerId?.message}>
        <select
          id="person-manager"
          className={inputClass}
          {...fieldAria("person-manager", errors.managerId?.message)}
          {...register("managerId")}
        >
          <option value="">No line manager</option>
          {managers.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </select>
      </Field>
      <p role="status" aria-live="polite" className="text-sm">
        {saving.outcome?.text}
      </p>
      <Button type="submit" disabled={isSubmitting || saving.busy}>
        {editing ? "Save changes" : "Add to the directory"}
      </Button>
    </form>
  );
}
