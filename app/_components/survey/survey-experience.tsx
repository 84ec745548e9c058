"use client";

import { useState } from "react";
import { Button, Card, ErrorText } from "@/app/_components/ui";
import { useAction } from "@/app/_components/use-action";
import type { Questionnaire } from "@/lib/framework";
import { declineSurveyAction } from "@/lib/surveys/actions";
import { DECLINE_REASONS, type SurveyTarget, type SurveyValues } from "@/lib/surveys/values";
import type { Author } from "@/lib/surveys/self-naming";
import { SurveyForm } from "./survey-form";

type View = { kind: "form"; mode: "first" | "revision" } | { kind: "thanks"; message: string } | { kind: "declined" };

export function SurveyExperience({
  target,
  questionnaire,
  subjectName,
  self,
  closesOn,
  state,
  author = null,
}: {
  target: SurveyTarget;
  questionnaire: Questionnaire;
  subjectName: string;
  self: boolean;
  closesOn: string;
  state: { submitted: boolean; declined: boolean; hasDraft: boolean; values: SurveyValues; draftVersion: number };
  /** The rater's own name and e-mail: to warn them before a comment names them. */
  author?: Author | null;
}) {
  const [view, setView] = useState<View>(() => {
    if (state.submitted && !state.hasDraft)
      return {
        kind: "thanks",
        message: `You have already submitted ${self ? "your self-assessment" : "your feedback"}. You can revise it until ${closesOn}.`,
      };
    if (state.submitted) return { kind: "form", mode: "revision" };
    if (state.declined) return { kind: "declined" };
    return { kind: "form", mode: "first" };
  });
  const [formKey, setFormKey] = useState(0);

  if (view.kind === "thanks") {
    return (
      <Card>
        <h2 className="text-xl font-bold" tabIndex={-1} ref={(el) => el?.focus()}>
          Thank you
        </h2>
        <p className="mt-2" role="status">
          {view.message}
        </p>
        <div className="mt-4">
          <Button
            type="button"
            variant="secondary"
            onClick={() => {
              setFormKey((k) => k + 1);
              setView({ kind: "form", mode: "revision" });
            }}
          >
            Revise your answers
          </Button>
        </div>
      </Card>
    );
  }
  if (view.kind === "declined") {
    return (
      <Card>
        <h2 className="text-xl font-bold" tabIndex={-1} ref={(el) => el?.focus()}>
          You have declined
        </h2>
        <p className="mt-2">
          Thank you for letting us know. {subjectName} is not told who declined, or how many. Changed your mind? You can still give feedback
          until {closesOn}.
        </p>
        <div className="mt-4">
          <Button type="button" variant="secondary" onClick={() => setView({ kind: "form", mode: "first" })}>
            Give feedback after all
          </Button>
        </div>
      </Card>
    );
  }
  return (
    <div className="space-y-8">
      <SurveyForm
        key={formKey}
        target={target}
        questionnaire={questionnaire}
        subjectName={subjectName}
        self={self}
        initialValues={state.values}
        initialVersion={state.draftVersion}
        mode={view.mode}
        resume={state.hasDraft}
        author={author}
        onSubmitted={(outcome) =>
          setView({
            kind: "thanks",
            message:
              outcome === "already_submitted"
                ? `Already submitted: your ${self ? "self-assessment" : "feedback"} had been submitted before, so nothing changed. You can revise it until ${closesOn}.`
                : outcome === "revised"
                  ? `Your revised answers are saved. You can revise them again until ${closesOn}.`
                  : `Your ${self ? "self-assessment has" : "feedback has"} been submitted. You can revise it until ${closesOn}.`,
          })
        }
      />
      {target.kind === "rater" && view.mode === "first" ? (
        <DeclinePanel invitationId={target.invitationId} onDeclined={() => setView({ kind: "declined" })} />
      ) : null}
    </div>
  );
}

function DeclinePanel({ invitationId, onDeclined }: { invitationId: string; onDeclined: () => void }) {
  const [reason, setReason] = useState<string>("");
  const declining = useAction();
  return (
    <details className="rounded-lg border border-slate-200 bg-white p-4">
      <summary className="cursor-pointer font-semibold">I would rather not give feedback</summary>
      <fieldset className="mt-3 space-y-2">
        <legend className="text-sm text-slate-700">
          A reason helps HR, but it is optional and never shown to the person you were asked about.
        </legend>
        {Object.entries(DECLINE_REASONS).map(([key, label]) => (
          <label key={key} className="flex min-h-11 items-center gap-2 text-sm">
            <input
              type="radio"
              name="decline-reason"
              value={key}
              checked={reason === key}
              onChange={() => setReason(key)}
              className="h-4 w-4"
            />
            {label}
          </label>
        ))}
      </fieldset>
      <div className="mt-3">
        <Button
          type="button"
          variant="secondary"
          disabled={declining.busy}
          onClick={() =>
            declining.run(
              () =>
                declineSurveyAction({
                  invitationId,
                  ...(reason ? { reason: reason as keyof typeof DECLINE_REASONS } : {}),
                }),
              { success: onDeclined },
            )
          }
        >
          Decline
        </Button>
        <ErrorText className="mt-2">{declining.outcome?.text}</ErrorText>
      </div>
    </details>
  );
}
