import type { Metadata } from "next";
import { loadOr404 } from "@/app/_components/load";
import { Card, PageHeader } from "@/app/_components/ui";
import { requireViewer } from "@/lib/auth/session";
import { getNewPersonPage } from "@/lib/people/queries";
import { PersonForm } from "../person-form";

export const metadata: Metadata = { title: "Add a person" };

export default async function NewPersonPage() {
  const viewer = await requireViewer({ role: "hr" });
  const { managers, teams } = await loadOr404(getNewPersonPage(viewer));
  return (
    <>
      <PageHeader title="Add a person" description="They can sign in with this e-mail address straight away." />
      <Card className="max-w-xl">
        <PersonForm managers={managers} teams={teams} />
      </Card>
    </>
  );
}
