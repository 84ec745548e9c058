import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { DisclosurePanel } from "@/app/_components/survey/disclosure-panel";
import { SurveyExperience } from "@/app/_components/survey/survey-experience";
import { isUuid } from "@/lib/ids";
import { GROUP_LABELS } from "@/lib/report/groups";
import { getSurveyPage } from "@/lib/surveys/page-data";

export const metadata: Metadata = { title: "Give feedback" };

export default async function SurveyPage({ params }: { params: Promise<{ invitationId: string }> }) {
  const { invitationId } = await params;
  if (!isUuid(invitationId)) notFound();
  const page = await getSurveyPage({ kind: "rater", invitationId });
  if (!page) notFound();
  const { ctx } = page;
  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <div>
        <h1 className="text-2xl font-bold">Feedback for {ctx.subjectName}</h1>
        <p className="mt-1 text-slate-600">
          Rating as {GROUP_LABELS[ctx.group].one.toLowerCase()} · open until {page.closesOn}
        </p>
      </div>
      <details className="lg:hidden">
        <summary className="cursor-pointer font-semibold text-accent-800">Who sees your answers?</summary>
        <div className="mt-2">
          <DisclosurePanel
            group={ctx.group}
            threshold={ctx.threshold}
            commentThreshold={ctx.commentThreshold}
            subjectName={ctx.subjectName}
          />
        </div>
      </details>
      <div className="hidden lg:block">
        <DisclosurePanel
          group={ctx.group}
          threshold={ctx.threshold}
          commentThreshold={ctx.commentThreshold}
          subjectName={ctx.subjectName}
        />
      </div>
      <SurveyExperience
        target={{ kind: "rater", invitationId }}
        questionnaire={ctx.questionnaire}
        subjectName={ctx.subjectName}
        self={false}
        closesOn={page.closesOn}
        state={page.state}
        author={page.author}
      />
    </div>
  );
}
