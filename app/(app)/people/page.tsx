import type { Metadata } from "next";
import Link from "next/link";
import { loadOr404 } from "@/app/_components/load";
import { Badge, ButtonLink, DataTable, Email, EmptyState, inputClass, PageHeader } from "@/app/_components/ui";
import { requireViewer } from "@/lib/auth/session";
import { searchText } from "@/lib/http/search-params";
import { getDirectoryPage } from "@/lib/people/queries";

export const metadata: Metadata = { title: "People" };

export default async function PeoplePage({ searchParams }: { searchParams: Promise<{ q?: string | string[] }> }) {
  const viewer = await requireViewer({ role: "hr" });
  const q = searchText((await searchParams).q);
  const people = await loadOr404(getDirectoryPage(viewer, q));
  return (
    <>
      <PageHeader
        title="People"
        description="The organisation's directory: who reports to whom decides the suggested raters and who is in a cycle."
        actions={
          <>
            <ButtonLink href="/people/provisioning" variant="secondary">
              Directory sync
            </ButtonLink>
            <ButtonLink href="/people/import" variant="secondary">
              Import from CSV
            </ButtonLink>
            <ButtonLink href="/people/new">Add a person</ButtonLink>
          </>
        }
      />
      <form className="mb-4 flex max-w-md gap-2" role="search">
        <label htmlFor="q" className="sr-only">
          Search people
        </label>
        <input id="q" name="q" type="search" defaultValue={q} placeholder="Search by name, e-mail or team" className={inputClass} />
        <button
          type="submit"
          className="min-h-11 rounded-md border border-slate-300 bg-white px-4 text-sm font-semibold hover:bg-slate-100"
        >
          Search
        </button>
      </form>
      {people.length === 0 ? (
        <EmptyState title={q ? "Nobody matches that search" : "The directory is empty"}>
          {q ? "Try part of a name or e-mail." : "Import a CSV of your people, or add them one by one."}
        </EmptyState>
      ) : (
        <DataTable caption="People in the directory" columns={["Name", "Team", "Line manager", "Roles"]}>
          {people.map((p) => (
            <tr key={p.id} className={p.active ? undefined : "text-slate-500"}>
              <th scope="row" className="px-4 py-3 text-left font-medium">
                <Link href={`/people/${p.id}`} className="text-accent-800 underline-offset-2 hover:underline">
                  {p.name}
                </Link>
                <Email address={p.email} className="block text-xs font-normal text-slate-600" />
              </th>
              <td className="px-4 py-3">{p.team ?? "None"}</td>
              <td className="px-4 py-3">{p.managerName ?? "None"}</td>
              <td className="px-4 py-3">
                <span className="flex flex-wrap gap-1">
                  {!p.active ? <Badge tone="danger">Deactivated</Badge> : null}
                  {p.roles.includes("hr") ? <Badge tone="info">HR</Badge> : null}
                  {p.roles.includes("manager") ? <Badge>Manager</Badge> : null}
                  {p.reports ? <span className="text-xs text-slate-600">{p.reports} reports</span> : null}
                </span>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </>
  );
}
