import type { Metadata } from "next";
import { Card, PageHeader } from "@/app/_components/ui";
import { requireViewer } from "@/lib/auth/session";
import { newCycleDefaults } from "@/lib/cycles/queries";
import { CycleFormView } from "../cycle-form";

export const metadata: Metadata = { title: "New cycle" };

export default async function NewCyclePage() {
  const viewer = await requireViewer({ role: "hr" });
  const { form, teams } = await newCycleDefaults(viewer);
  return (
    <>
      <PageHeader
        title="New cycle"
        description="Saved as a draft. Nothing is sent until you launch it; at launch, its settings and wording freeze."
      />
      <Card className="max-w-3xl">
        <CycleFormView initial={form} teams={teams} />
      </Card>
    </>
  );
}
