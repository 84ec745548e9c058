import type { Metadata } from "next";
import { loadOr404 } from "@/app/_components/load";
import { Card, PageHeader } from "@/app/_components/ui";
import { requireViewer } from "@/lib/auth/session";
import { getPersonPage } from "@/lib/people/queries";
import { PersonForm } from "../person-form";
import { PersonAccess } from "./person-access";

export const metadata: Metadata = { title: "Person" };

export default async function PersonPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const viewer = await requireViewer({ role: "hr" });
  const { person, managers, teams } = await loadOr404(getPersonPage(viewer, id));
  return (
    <>
      <PageHeader title={person.name} description={`${person.email}${person.active ? "" : " · deactivated"}`} />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card aria-labelledby="details-heading">
          <h2 id="details-heading" className="mb-4 text-lg font-semibold">
            Details
          </h2>
          <PersonForm person={person} managers={managers} teams={teams} />
        </Card>
        <PersonAccess person={person} self={person.email === viewer.email} />
      </div>
    </>
  );
}
