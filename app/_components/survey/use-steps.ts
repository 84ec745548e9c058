"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import type { FieldErrors } from "react-hook-form";
import type { Questionnaire } from "@/lib/framework";
import { fieldName, type SurveyValues } from "@/lib/surveys/values";

/** One page of the survey on a phone: a difference (with its comment) or the organisation's own items. */
export interface Step {
  id: string;
  title: string;
  items: { key: string; text: string }[];
  commentKey?: string;
  summary?: string;
}

export function stepsOf(questionnaire: Questionnaire): Step[] {
  const list: Step[] = questionnaire.dimensions.map((d) => ({
    id: d.key,
    title: `${d.number}. ${d.title}`,
    summary: d.summary,
    items: questionnaire.items.filter((i) => i.dimensionKey === d.key).map((i) => ({ key: i.key, text: i.text })),
    // A pulse asks one open question only, no comment per difference (lib/pulse/questionnaire.ts).
    commentKey: questionnaire.pulse ? undefined : d.key,
  }));
  if (questionnaire.customItems.length) {
    list.push({ id: "custom", title: "Our organisation's values", items: questionnaire.customItems });
  }
  return list;
}

/**
 * Where a returning rater picks up: the first step with a question still unanswered, or the open
 * questions once every step is done. Read from the draft the server already keeps for the
 * invitation (sealed like the answers), so resuming stores nothing new about the rater.
 */
export function resumeStepOf(steps: Step[], values: SurveyValues): number {
  const i = steps.findIndex((s) => s.items.some((it) => !values.answers[fieldName(it.key)]));
  return i >= 0 ? i : steps.length;
}

/**
 * The steps a phone shows one at a time (a wide screen shows them all), the open questions last.
 * Moving to a step saves what is waiting first (`onLeave`), then puts focus on its heading.
 */
export function useSteps(questionnaire: Questionnaire, onLeave: () => void, resumeFrom: SurveyValues | null = null) {
  const steps = useMemo(() => stepsOf(questionnaire), [questionnaire]);
  // The first render already shows the step to resume at (no flash of step 1 on a phone).
  const [resumedAt] = useState(() => (resumeFrom ? resumeStepOf(steps, resumeFrom) : 0));
  const [step, setStep] = useState(resumedAt);
  const headings = useRef<(HTMLHeadingElement | null)[]>([]);
  /** The open questions' step, after the last difference. */
  const openStep = steps.length;

  function show(to: number) {
    requestAnimationFrame(() => {
      headings.current[to]?.focus({ preventScroll: true });
      headings.current[to]?.scrollIntoView({ block: "start" });
    });
  }

  function go(to: number) {
    onLeave();
    setStep(to);
    show(to);
  }

  // On arrival, focus the step resumed at and bring its welcome-back note (just above its heading,
  // app/_components/survey/survey-form.tsx) into view: a wide screen shows every step.
  useEffect(() => {
    if (resumedAt === 0) return;
    requestAnimationFrame(() => {
      headings.current[resumedAt]?.focus({ preventScroll: true });
      (document.getElementById("survey-resumed") ?? headings.current[resumedAt])?.scrollIntoView({ block: "start" });
    });
  }, [resumedAt]);

  /** Shows the step holding the field with this id and focuses that field. */
  function showField(id: string) {
    const index = steps.findIndex((s) => `comment-${s.commentKey}` === id);
    setStep(index >= 0 ? index : openStep);
    requestAnimationFrame(() => document.getElementById(id)?.focus());
  }

  function firstStepWithError(errs: FieldErrors<SurveyValues>): number {
    const answerErrors = Object.keys(errs.answers ?? {});
    const i = steps.findIndex(
      (s) => s.items.some((it) => answerErrors.includes(fieldName(it.key))) || (s.commentKey && errs.comments?.[s.commentKey]),
    );
    return i >= 0 ? i : openStep;
  }

  /** Ref callback for step `index`'s heading. */
  const heading = (index: number) => (el: HTMLHeadingElement | null) => {
    headings.current[index] = el;
  };

  return {
    steps,
    step,
    resumedAt: resumedAt > 0 ? resumedAt : null,
    setStep,
    openStep,
    totalSteps: steps.length + 1,
    go,
    showField,
    firstStepWithError,
    heading,
  };
}
