import { switchOrganisation } from "@/lib/auth/actions";
import { Button } from "./ui";

/** Shown only to people who belong to more than one organisation. */
export function OrganisationSwitcher({
  current,
  organisations,
}: {
  current: { id: string; name: string };
  organisations: { id: string; name: string }[];
}) {
  if (organisations.length < 2) {
    return <span className="text-sm font-medium text-slate-700">{current.name}</span>;
  }
  return (
    <form
      action={async (formData: FormData) => {
        "use server";
        await switchOrganisation(formData);
      }}
      className="flex items-center gap-2"
    >
      <label htmlFor="organisationId" className="sr-only">
        Organisation
      </label>
      <select
        id="organisationId"
        name="organisationId"
        defaultValue={current.id}
        className="min-h-11 rounded-md border border-slate-400 bg-white px-2 text-sm"
      >
        {organisations.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </select>
      <Button type="submit" variant="secondary">
        Switch
      </Button>
    </form>
  );
}
