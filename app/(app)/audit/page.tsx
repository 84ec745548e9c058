import type { Metadata } from "next";
import Link from "next/link";
import { loadOr404 } from "@/app/_components/load";
import { DataTable, EmptyState, PageHeader } from "@/app/_components/ui";
import { describeAction, listAudit } from "@/lib/audit";
import { requireViewer } from "@/lib/auth/session";
import { pageNumber } from "@/lib/http/search-params";
import { formatDateTime } from "@/lib/format";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage({ searchParams }: { searchParams: Promise<{ page?: string | string[] }> }) {
  const viewer = await requireViewer({ role: "hr" });
  const page = pageNumber((await searchParams).page);
  const { entries, hasMore } = await loadOr404(listAudit(viewer, page));
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Who read a report other than their own, released or exported results, or changed thresholds and roles. Entries hold no scores and no comment text, and nobody can edit or delete them."
      />
      {entries.length === 0 ? (
        <EmptyState title="Nothing recorded yet" />
      ) : (
        <DataTable caption="Audit log entries, newest first" columns={["When", "Who", "What", "Details"]}>
          {entries.map((e) => (
            <tr key={e.id}>
              <td className="whitespace-nowrap px-4 py-2">{formatDateTime(e.at)}</td>
              <td className="break-all px-4 py-2">{e.actor ?? "Twofold (automatic)"}</td>
              <th scope="row" className="px-4 py-2 text-left font-medium">
                {describeAction(e.action)}
              </th>
              <td className="px-4 py-2 text-slate-700">
                {e.targetType} {e.targetId?.slice(0, 8)}
                {Object.keys(e.details).length
                  ? ` · ${Object.entries(e.details)
                      .map(([k, v]) => `${k}: ${String(v)}`)
                      .join(", ")}`
                  : ""}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <nav aria-label="Audit log pages" className="mt-4 flex gap-4">
        {page > 1 ? (
          <Link href={`/audit?page=${page - 1}`} className="font-semibold text-accent-700 underline">
            Newer entries
          </Link>
        ) : null}
        {hasMore ? (
          <Link href={`/audit?page=${page + 1}`} className="font-semibold text-accent-700 underline">
            Older entries
          </Link>
        ) : null}
      </nav>
    </>
  );
}
