import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { loadOr404 } from "@/app/_components/load";
import { Card, PageHeader } from "@/app/_components/ui";
import { requireViewer } from "@/lib/auth/session";
import { getCycleAdminPage } from "@/lib/cycles/completion";
import { teamsOf } from "@/lib/cycles/queries";
import { CycleFormView } from "../../cycle-form";

export const metadata: Metadata = { title: "Edit cycle" };

export default async function EditCyclePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const viewer = await requireViewer({ role: "hr" });
  const page = await loadOr404(getCycleAdminPage(viewer, id));
  if (page.cycle.status !== "draft") notFound();
  return (
    <>
      <PageHeader title={`Edit ${page.cycle.name}`} />
      <Card className="max-w-3xl">
        <CycleFormView cycleId={page.cycle.id} initial={page.form} teams={await teamsOf(viewer)} />
      </Card>
    </>
  );
}
