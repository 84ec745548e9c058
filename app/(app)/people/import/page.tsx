import type { Metadata } from "next";
import { Card, PageHeader } from "@/app/_components/ui";
import { requireViewer } from "@/lib/auth/session";
import { ImportForm } from "./import-form";

export const metadata: Metadata = { title: "Import people" };

export default async function ImportPage() {
  await requireViewer({ role: "hr" });
  return (
    <>
      <PageHeader
        title="Import people from CSV"
        description="One row per person with the columns name, email, team and line manager's email. Existing people are updated by e-mail; nobody is removed."
      />
      <Card className="max-w-4xl">
        <ImportForm />
      </Card>
    </>
  );
}
