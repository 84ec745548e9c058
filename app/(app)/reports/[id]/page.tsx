import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { GroupProgressList } from "@/app/_components/group-progress";
import { loadOr404 } from "@/app/_components/load";
import { PrintButton } from "@/app/_components/print-button";
import { ReportView } from "@/app/_components/report/report-view";
import { Card, PageHeader } from "@/app/_components/ui";
import { requireViewer } from "@/lib/auth/session";
import { formatDate } from "@/lib/format";
import { getReport } from "@/lib/reports/queries";

export const metadata: Metadata = { title: "360 report" };

export default async function ReportPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const viewer = await requireViewer();
  const report = await loadOr404(getReport(viewer, id, "page"));

  if (report.state === "not_released") {
    return (
      <>
        <PageHeader title={report.ownReport ? "Your 360 report" : `${report.subjectName}'s 360 report`} description={report.cycleName} />
        <Card className="max-w-2xl">
          <h2 className="text-lg font-semibold">Not ready yet</h2>
          <p className="mt-1 text-slate-700">
            Reports exist only once feedback has closed ({formatDate(report.closesAt)}) and HR has released them: there are no live results,
            so nobody can watch numbers change as people answer. Until then, each group shows only whether it has enough answers to be
            shown.
          </p>
          <div className="mt-4">
            <GroupProgressList progress={report.progress} final={report.final} />
          </div>
        </Card>
      </>
    );
  }

  // A released pulse is read only next to the report it follows up (lib/reports/queries.ts).
  if (report.pulseOf) redirect(`/reports/${report.pulseOf}/pulse`);
  const s = report.snapshot;
  return (
    <>
      <PageHeader
        title={report.ownReport ? "Your 360 report" : `${s.subjectName}'s 360 report`}
        description={
          <>
            {s.cycleName} · released {formatDate(report.releasedAt)} · anonymous groups shown with at least {s.threshold} raters
          </>
        }
        actions={
          <div className="no-print flex flex-wrap gap-2">
            <a
              href={`/api/reports/${report.requestId}/csv`}
              className="inline-flex min-h-11 items-center rounded-md border border-slate-300 bg-white px-4 text-sm font-semibold hover:bg-slate-100"
            >
              Download CSV
            </a>
            <a
              href={`/api/reports/${report.requestId}/pdf`}
              className="inline-flex min-h-11 items-center rounded-md border border-slate-300 bg-white px-4 text-sm font-semibold hover:bg-slate-100"
            >
              Download PDF
            </a>
            <PrintButton />
          </div>
        }
      />
      <ReportView snapshot={s} own={report.ownReport} />
      {report.ownReport ? (
        <Card className="no-print mt-6" aria-labelledby="plan-heading">
          <h2 id="plan-heading" className="text-lg font-semibold">
            What next
          </h2>
          <p className="mt-1 text-sm text-slate-700">
            Choose one to three areas to work on, with this report&apos;s figures beside them, and plan the steps. The plan is private until
            you share it.
          </p>
          <Link
            href={`/reports/${report.requestId}/plan`}
            className="mt-3 inline-flex min-h-11 items-center rounded-md bg-accent-700 px-4 text-sm font-semibold text-white hover:bg-accent-800"
          >
            Make a development plan
          </Link>
          <p className="mt-4 text-sm text-slate-700">
            Some months from now, ask your raters whether they have noticed a change on your focus areas:{" "}
            <Link href={`/reports/${report.requestId}/pulse`} className="font-semibold text-accent-700 underline">
              your follow-up pulse
            </Link>
            .
          </p>
        </Card>
      ) : null}
      <p className="no-print mt-8 text-sm text-slate-600">
        This report was computed once, when it was released, and never changes.{" "}
        <Link href="/" className="font-semibold text-accent-700 underline">
          Back to the dashboard
        </Link>
      </p>
    </>
  );
}
