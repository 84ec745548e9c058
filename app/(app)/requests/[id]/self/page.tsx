import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DisclosurePanel } from "@/app/_components/survey/disclosure-panel";
import { SurveyExperience } from "@/app/_components/survey/survey-experience";
import { PageHeader } from "@/app/_components/ui";
import { requireViewer } from "@/lib/auth/session";
import { getSurveyPage } from "@/lib/surveys/page-data";

export const metadata: Metadata = { title: "Your self-assessment" };

export default async function SelfAssessmentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireViewer();
  const page = await getSurveyPage({ kind: "self", requestId: id });
  if (!page) notFound();
  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <PageHeader
        title="Your self-assessment"
        description={
          <>
            The same questions your raters answer, about yourself. Open until {page.closesOn}.{" "}
            <Link href={`/requests/${id}`} className="font-semibold text-accent-700 underline">
              Back to your request
            </Link>
          </>
        }
      />
      <DisclosurePanel
        group="self"
        threshold={page.ctx.threshold}
        commentThreshold={page.ctx.commentThreshold}
        subjectName={page.ctx.subjectName}
      />
      <SurveyExperience
        target={{ kind: "self", requestId: id }}
        questionnaire={page.ctx.questionnaire}
        subjectName={page.ctx.subjectName}
        self
        closesOn={page.closesOn}
        state={page.state}
      />
    </div>
  );
}
