import type { Metadata } from "next";
import { PlanBody } from "@/app/_components/plan/plan-body";
import { Card } from "@/app/_components/ui";
import { getCoachPlanPage } from "@/lib/plans/queries";

export const metadata: Metadata = { title: "Development plan", referrer: "no-referrer", robots: { index: false, follow: false } };
// Every read checks the share again: a withdrawn link stops at once.
export const dynamic = "force-dynamic";

export default async function CoachPlanPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const p = await getCoachPlanPage(token);
  if (p.state === "gone") {
    return (
      <Card className="max-w-2xl">
        <h1 className="text-xl font-bold">This plan is no longer shared</h1>
        <p className="mt-2 text-slate-700">
          The link has stopped working. If you still need it, ask the person who shared it with you to share it again.
        </p>
      </Card>
    );
  }
  return (
    <>
      <h1 className="text-2xl font-bold">{p.subjectName}&apos;s development plan</h1>
      <p className="mt-1 text-slate-700">
        Shared with you, {p.coachName}. You can read it; only {p.subjectName.split(" ")[0]} can change it or stop sharing it.
      </p>
      <PlanBody view={p.view} editable={false} />
    </>
  );
}
