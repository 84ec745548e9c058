"use client";

import { useMemo, useState } from "react";
import { useForm } from "react-hook-form";
import { lazyZodResolver } from "@/app/_components/lazy-zod-resolver";
import { Button } from "@/app/_components/ui";
import type { Questionnaire } from "@/lib/framework";
import { scaleRange } from "@/lib/framework/scale";
import { submitSurveyAction } from "@/lib/surveys/actions";
import { padded } from "@/lib/surveys/padding";
import { answerValues, fieldName, NOT_OBSERVED, type SurveyTarget, type SurveyValues } from "@/lib/surveys/values";
import type { Author } from "@/lib/surveys/self-naming";
import { CommentField } from "./comment-field";
import { NamingWarning, useNamingCheck } from "./naming-warning";
import { SurveyProgress } from "./progress";
import { useAutosave } from "./use-autosave";
import { useRetryingSend } from "./use-retrying-send";
import { useSteps } from "./use-steps";

export const RETRYING_MESSAGE =
  "Your answers are safe on this device; we will try again. We could not reach our database just now: keep this page open and it sends them by itself.";

export function SurveyForm({
  target,
  questionnaire,
  subjectName,
  self,
  initialValues,
  initialVersion,
  mode,
  resume = false,
  onSubmitted,
  author = null,
}: {
  target: SurveyTarget;
  questionnaire: Questionnaire;
  subjectName: string;
  self: boolean;
  initialValues: SurveyValues;
  initialVersion: number;
  mode: "first" | "revision";
  /** The values are a saved draft: open at the first step with questions left, not at step 1. */
  resume?: boolean;
  onSubmitted: (outcome: "submitted" | "revised" | "already_submitted") => void;
  /** The rater's own name and e-mail (not for a self-assessment): comments naming them get a warning. */
  author?: Author | null;
}) {
  // The server action's own schema, built from the frozen questionnaire; zod loads on first touch.
  const validation = useMemo(
    () => lazyZodResolver<SurveyValues>(() => import("@/lib/surveys/schema").then((m) => m.responseSchema(questionnaire))),
    [questionnaire],
  );
  const form = useForm<SurveyValues>({
    resolver: validation.resolver,
    defaultValues: initialValues,
    shouldFocusError: true,
  });
  const {
    register,
    handleSubmit,
    watch,
    getValues,
    setError,
    formState: { errors, isSubmitting },
  } = form;

  const autosave = useAutosave(form, target, initialVersion);
  const { steps, step, resumedAt, setStep, openStep, totalSteps, go, showField, firstStepWithError, heading } = useSteps(
    questionnaire,
    autosave.flush,
    resume ? initialValues : null,
  );
  const values = watch();
  const naming = useNamingCheck({ steps, questionnaire, self, subjectName, author });
  const sending = useRetryingSend();
  const [submitError, setSubmitError] = useState<string | null>(null);

  const onSubmit = handleSubmit(
    async (data) => {
      setSubmitError(null);
      if (naming.warns(data)) {
        // The warning sits beside the submit button, on the last step (on a phone, one step shows).
        setStep(openStep);
        requestAnimationFrame(() => naming.heading.current?.focus());
        return;
      }
      autosave.stop();
      // While the server cannot take it (the database is away, the connection dropped), say so at
      // once and send it again by itself, with growing pauses, until it is answered.
      const result = await sending.send(() => submitSurveyAction(padded({ target, mode, values: data })));
      if (!result) return;
      if (!result.ok) {
        autosave.resume();
        for (const [path, messages] of Object.entries(result.fieldErrors ?? {})) {
          setError(path as never, { message: messages[0] });
        }
        setSubmitError(result.error);
        return;
      }
      onSubmitted(result.data.outcome);
    },
    (errs) => {
      const missing = Object.keys(errs.answers ?? {}).length;
      setSubmitError(
        missing
          ? `${missing} ${missing === 1 ? "question still needs" : "questions still need"} an answer. Choose "Not observed" where you cannot say.`
          : "Some answers need attention.",
      );
      go(firstStepWithError(errs));
    },
  );

  const who = self ? "you" : (subjectName.split(" ")[0] ?? subjectName);
  // Said at the top of the step the survey resumes at, which is scrolled into view on arrival.
  const resumeNote = (
    <p
      id="survey-resumed"
      role="status"
      className="scroll-mt-24 rounded-md border border-slate-200 bg-accent-50 p-3 text-sm text-slate-800"
    >
      Welcome back: your answers so far are saved.{" "}
      {resumedAt !== null && resumedAt < openStep
        ? `You left off at ${steps[resumedAt]!.title}, the first with questions still to answer.`
        : "Every question has an answer: what is left is in your own words, then submit."}
    </p>
  );
  return (
    <form
      onSubmit={onSubmit}
      noValidate
      className="space-y-6"
      aria-describedby="survey-progress"
      onFocusCapture={validation.prefetch}
      onPointerDownCapture={validation.prefetch}
    >
      <SurveyProgress values={values} steps={steps} step={step} totalSteps={totalSteps} save={autosave.save} />

      {submitError ? (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-4 text-sm font-medium text-red-800">
          {submitError}
        </div>
      ) : null}
      {sending.retrying ? (
        <div role="status" className="rounded-md border border-amber-300 bg-amber-50 p-4 text-sm font-medium text-amber-900">
          {RETRYING_MESSAGE}
        </div>
      ) : null}

      {steps.map((s, index) => (
        <section key={s.id} aria-labelledby={`step-${s.id}`} className={`${index === step ? "" : "hidden"} space-y-5 lg:block`}>
          {index === resumedAt ? resumeNote : null}
          <div>
            <h2 id={`step-${s.id}`} ref={heading(index)} tabIndex={-1} className="scroll-mt-24 text-xl font-bold">
              {s.title}
            </h2>
            {s.summary ? <p className="mt-1 text-slate-600">{s.summary}</p> : null}
            <p className="mt-1 text-sm text-slate-700">
              {questionnaire.pulse
                ? `Compared with ${questionnaire.pulse.since}, does each statement describe ${who} more often or less often?`
                : `How often does each statement describe ${who}?`}
            </p>
          </div>
          {s.items.map((item) => {
            const name = fieldName(item.key);
            const error = errors.answers?.[name]?.message;
            return (
              <fieldset
                key={item.key}
                className={`rounded-lg border bg-white p-4 ${error ? "border-red-600" : "border-slate-200"}`}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? `${name}-error` : undefined}
              >
                <legend className="px-1 font-semibold">{item.text.charAt(0).toUpperCase() + item.text.slice(1)}</legend>
                {error ? (
                  <p id={`${name}-error`} className="mb-2 text-sm font-medium text-red-700">
                    {error}
                  </p>
                ) : null}
                <div className="mt-2 grid grid-cols-1 gap-2 sm:grid-cols-3 lg:grid-cols-6">
                  {answerValues(questionnaire).map((value) => {
                    const label =
                      value === NOT_OBSERVED
                        ? questionnaire.notObservedLabel
                        : questionnaire.scale.find((p) => String(p.value) === value)!.label;
                    return (
                      <label
                        key={value}
                        className={`flex min-h-11 cursor-pointer items-center gap-2 rounded-md border px-3 py-2 text-sm has-[:checked]:border-accent-700 has-[:checked]:bg-accent-50 ${
                          value === NOT_OBSERVED ? "border-dashed border-slate-400" : "border-slate-300"
                        }`}
                      >
                        <input
                          type="radio"
                          value={value}
                          className="h-4 w-4 accent-[var(--color-accent-700)]"
                          {...register(`answers.${name}` as const)}
                        />
                        <span>
                          {value !== NOT_OBSERVED ? (
                            <span className="sr-only">{`${value} of ${scaleRange(questionnaire.scale).max}: `}</span>
                          ) : null}
                          {label}
                        </span>
                      </label>
                    );
                  })}
                </div>
              </fieldset>
            );
          })}
          {s.commentKey ? (
            <CommentField
              id={`comment-${s.commentKey}`}
              label={`Anything to add about ${s.title.replace(/^\d+\. /, "").toLowerCase()}? (optional)`}
              error={errors.comments?.[s.commentKey]?.message}
              value={values.comments[s.commentKey] ?? ""}
              {...register(`comments.${s.commentKey}` as const)}
            />
          ) : null}
          <div className="flex justify-between gap-2 lg:hidden">
            {index > 0 ? (
              <Button type="button" variant="secondary" onClick={() => go(index - 1)}>
                Back
              </Button>
            ) : (
              <span />
            )}
            <Button type="button" onClick={() => go(index + 1)}>
              Next
            </Button>
          </div>
        </section>
      ))}

      <section aria-labelledby="step-open" className={`${step === openStep ? "" : "hidden"} space-y-5 lg:block`}>
        {resumedAt === openStep ? resumeNote : null}
        <h2 id="step-open" ref={heading(openStep)} tabIndex={-1} className="scroll-mt-24 text-xl font-bold">
          In your own words
        </h2>
        {questionnaire.openQuestions.map((q) => (
          <CommentField
            key={q.key}
            id={`open-${q.key}`}
            label={self ? q.text.replace("this person", "you") : q.text.replace("this person", who)}
            hint={`${q.hint} Optional.`}
            error={errors[q.key]?.message}
            value={values[q.key] ?? ""}
            {...register(q.key)}
          />
        ))}
        {naming.naming.length > 0 ? (
          <NamingWarning
            naming={naming.naming}
            subjectName={subjectName}
            heading={naming.heading}
            submitting={isSubmitting}
            onShow={showField}
            onEdit={() => {
              showField(naming.naming[0]!.id);
              naming.dismiss();
            }}
            onSubmitAnyway={() => {
              naming.confirm(getValues());
              void onSubmit();
            }}
          />
        ) : null}
        <div className="flex flex-wrap justify-between gap-2">
          <Button type="button" variant="secondary" className="lg:hidden" onClick={() => go(openStep - 1)}>
            Back
          </Button>
          <Button type="submit" disabled={isSubmitting}>
            {isSubmitting ? "Submitting…" : mode === "revision" ? "Submit revised answers" : "Submit feedback"}
          </Button>
        </div>
      </section>
    </form>
  );
}
