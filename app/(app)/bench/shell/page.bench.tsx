import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { Card, PageHeader } from "@/app/_components/ui";
import { benchEnabled } from "@/bench/server";
import { requireViewer } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Benchmark shell" };

/**
 * `npm run bench` only (BENCH_FLOOR=true, else 404): the report page's reference line. The signed-in
 * shell every page of the app has (the session, the viewer, the layout and its navigation) with a
 * page of almost nothing inside, so the bench can show how much of the report page's cost is the
 * shell and how much the report.
 */
export default async function BenchShellPage() {
  await connection();
  if (!benchEnabled()) notFound();
  const viewer = await requireViewer();
  return (
    <>
      <PageHeader title="Benchmark shell" description={viewer.organisation.name} />
      <Card className="max-w-2xl">
        <p className="text-slate-700">A signed-in page with nothing else on it.</p>
      </Card>
    </>
  );
}
