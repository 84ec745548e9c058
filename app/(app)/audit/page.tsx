import type { Metadata } from "next";
import Link from "next/link";
import { loadOr404 } from "@/app/_components/load";
import { DataTable, Email, EmptyState, PageHeader } from "@/app/_components/ui";
import { describeAction, listAudit, type AuditTarget } from "@/lib/audit";
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
        <>
          {/* A phone gets one card per entry (four columns do not fit in 375 px); wider screens the table. */}
          <ol aria-label="Audit log entries, newest first" className="space-y-3 md:hidden">
            {entries.map((e) => (
              <li key={e.id} className="rounded-lg border border-slate-200 bg-white p-4 text-sm">
                <p className="font-semibold">{describeAction(e.action)}</p>
                {e.target ? (
                  <p className="mt-1">
                    <Target target={e.target} />
                  </p>
                ) : null}
                {e.details.length ? <p className="mt-1 text-slate-700">{e.details.join(" · ")}</p> : null}
                <p className="mt-2 text-slate-600">
                  {formatDateTime(e.at)} ·{" "}
                  {e.actorWithheld ? "Not shown (plans are private)" : e.actor ? <Email address={e.actor} /> : "Twofold (automatic)"}
                </p>
              </li>
            ))}
          </ol>
          <div className="hidden md:block">
            <DataTable caption="Audit log entries, newest first" columns={["When", "Who", "What", "About", "Details"]}>
              {entries.map((e) => (
                <tr key={e.id}>
                  <td className="px-4 py-2">{formatDateTime(e.at)}</td>
                  <td className="px-4 py-2">
                    {e.actorWithheld ? "Not shown (plans are private)" : e.actor ? <Email address={e.actor} /> : "Twofold (automatic)"}
                  </td>
                  <th scope="row" className="px-4 py-2 text-left font-medium">
                    {describeAction(e.action)}
                  </th>
                  <td className="px-4 py-2">{e.target ? <Target target={e.target} /> : null}</td>
                  <td className="px-4 py-2 text-slate-700">{e.details.join(" · ")}</td>
                </tr>
              ))}
            </DataTable>
          </div>
        </>
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

function Target({ target }: { target: AuditTarget }) {
  return target.href ? (
    <Link href={target.href} className="text-accent-800 underline underline-offset-2">
      {target.label}
    </Link>
  ) : (
    <>{target.label}</>
  );
}
