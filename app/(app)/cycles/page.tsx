import type { Metadata } from "next";
import Link from "next/link";
import { CycleStatusBadge } from "@/app/_components/status";
import { ButtonLink, DataTable, EmptyState, PageHeader } from "@/app/_components/ui";
import { hrViewerOf } from "@/lib/auth/permissions";
import { requireViewer } from "@/lib/auth/session";
import { listCycles, listOrganisationCycles, type CycleSummary, type HrCycleSummary } from "@/lib/cycles/queries";
import { formatDate } from "@/lib/format";
import { completionFigure } from "@/lib/report/progress";

export const metadata: Metadata = { title: "Cycles" };

export default async function CyclesPage() {
  const viewer = await requireViewer();
  // HR sees every cycle of the organisation; anyone else the cycles they are rated in.
  const hr = hrViewerOf(viewer);
  // Completion totals are HR's only: anyone else's list has no such column.
  const cycles: (CycleSummary | HrCycleSummary)[] = hr ? await listOrganisationCycles(hr) : await listCycles(viewer);
  const isHr = hr !== null;
  return (
    <>
      <PageHeader
        title="Cycles"
        description={
          isHr
            ? "Every feedback cycle in the organisation, newest first."
            : "The feedback cycles you take part in as the person being rated."
        }
        actions={isHr ? <ButtonLink href="/cycles/new">New cycle</ButtonLink> : undefined}
      />
      {cycles.length === 0 ? (
        <EmptyState title="No cycles yet">
          {isHr ? "Cycles you create for the organisation will be listed here." : "When a cycle includes you, it appears here."}
        </EmptyState>
      ) : (
        <DataTable
          caption="Feedback cycles"
          columns={[
            "Cycle",
            "Dates",
            "Status",
            { label: "Requests", numeric: true },
            ...(isHr ? [{ label: "Responses", numeric: true as const }] : []),
            { label: "Anonymity threshold", numeric: true },
          ]}
        >
          {cycles.map((c) => (
            <tr key={c.id}>
              <th scope="row" className="px-4 py-3 text-left font-semibold">
                {isHr && c.kind === "organisation" ? (
                  <Link href={`/cycles/${c.id}`} className="text-accent-800 underline-offset-2 hover:underline">
                    {c.name}
                  </Link>
                ) : (
                  c.name
                )}
                {/* HR sees a pulse as the personal request it is: that it follows a plan is the subject's to know. */}
                {c.kind === "personal" || (c.kind === "pulse" && isHr) ? (
                  <span className="block text-xs font-normal text-slate-600">Personal request</span>
                ) : null}
                {c.kind === "pulse" && !isHr ? <span className="block text-xs font-normal text-slate-600">Follow-up pulse</span> : null}
              </th>
              <td className="whitespace-nowrap px-4 py-3">
                {formatDate(c.opensAt)} to {formatDate(c.closesAt)}
              </td>
              <td className="px-4 py-3">
                <CycleStatusBadge status={c.status} />
              </td>
              <td className="px-4 py-3 text-right tabular-nums">{c.requests}</td>
              {"completion" in c ? <td className="px-4 py-3 text-right tabular-nums">{completionFigure(c.completion)}</td> : null}
              <td className="px-4 py-3 text-right tabular-nums">{c.threshold} raters</td>
            </tr>
          ))}
        </DataTable>
      )}
    </>
  );
}
