import type { Metadata } from "next";
import { Card, PageHeader } from "@/app/_components/ui";
import { requireViewer } from "@/lib/auth/session";
import { MAX_PERSONAL_DAYS } from "@/lib/requests/limits";
import { PersonalRequestForm } from "./personal-request-form";

export const metadata: Metadata = { title: "Ask for feedback" };

export default async function NewRequestPage() {
  const viewer = await requireViewer({ role: "manager" });
  return (
    <>
      <PageHeader
        title="Ask for feedback on your own"
        description="Outside any HR cycle, you can run a 360 for yourself. Your organisation's anonymity rules still apply."
      />
      <Card className="max-w-xl">
        <PersonalRequestForm threshold={viewer.organisation.defaultThreshold} maxDays={MAX_PERSONAL_DAYS} />
      </Card>
    </>
  );
}
