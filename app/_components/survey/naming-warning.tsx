"use client";

import { useMemo, useRef, useState, type RefObject } from "react";
import { Button } from "@/app/_components/ui";
import type { Questionnaire } from "@/lib/framework";
import type { SurveyValues } from "@/lib/surveys/values";
import { fieldsNamingAuthor, type Author } from "@/lib/surveys/self-naming";
import type { Step } from "./use-steps";

type Warned = { id: string; label: string };

/**
 * Comments that name their author, checked in the rater's browser only, before submitting:
 * comments are shown word for word. "Submit anyway" confirms exactly the texts that were warned
 * about; changing them checks again.
 */
export function useNamingCheck({
  steps,
  questionnaire,
  self,
  subjectName,
  author,
}: {
  steps: Step[];
  questionnaire: Questionnaire;
  self: boolean;
  subjectName: string;
  author: Author | null;
}) {
  const [naming, setNaming] = useState<Warned[]>([]);
  const confirmed = useRef<string | null>(null);
  const heading = useRef<HTMLHeadingElement | null>(null);
  const commentFields = useMemo(
    () => [
      ...steps.flatMap((s) =>
        s.commentKey
          ? [{ id: `comment-${s.commentKey}`, label: s.title.replace(/^\d+\. /, ""), text: (v: SurveyValues) => v.comments[s.commentKey!] }]
          : [],
      ),
      ...questionnaire.openQuestions.map((q) => ({
        id: `open-${q.key}`,
        label: self ? q.text.replace("this person", "you") : q.text.replace("this person", subjectName.split(" ")[0] ?? subjectName),
        text: (v: SurveyValues) => v[q.key],
      })),
    ],
    [steps, questionnaire, self, subjectName],
  );
  function commentsNamingAuthor(data: SurveyValues) {
    if (!author) return [];
    const texts = Object.fromEntries(commentFields.map((f) => [f.id, f.text(data)]));
    const found = fieldsNamingAuthor(texts, author);
    return commentFields.filter((f) => found.includes(f.id)).map((f) => ({ id: f.id, label: f.label, text: texts[f.id] }));
  }
  const keyOf = (fields: { id: string; text: unknown }[]) => JSON.stringify(fields.map((f) => [f.id, f.text]));

  /** Whether the submit stops here to warn (the texts name the rater and are not confirmed). */
  function warns(data: SurveyValues): boolean {
    const namingFields = commentsNamingAuthor(data);
    if (namingFields.length > 0 && confirmed.current !== keyOf(namingFields)) {
      setNaming(namingFields.map(({ id, label }) => ({ id, label })));
      confirmed.current = null;
      return true;
    }
    setNaming([]);
    return false;
  }
  /** "Submit anyway": these texts, as they are now, are sent without a warning. */
  function confirm(data: SurveyValues) {
    confirmed.current = keyOf(commentsNamingAuthor(data));
  }

  return { naming, warns, confirm, dismiss: () => setNaming([]), heading };
}

export function NamingWarning({
  naming,
  subjectName,
  heading,
  submitting,
  onShow,
  onEdit,
  onSubmitAnyway,
}: {
  naming: Warned[];
  subjectName: string;
  heading: RefObject<HTMLHeadingElement | null>;
  submitting: boolean;
  /** Shows the comment field with this id. */
  onShow: (id: string) => void;
  onEdit: () => void;
  onSubmitAnyway: () => void;
}) {
  return (
    <div role="region" aria-labelledby="naming-heading" className="rounded-lg border border-amber-300 bg-amber-50 p-4">
      <h3 id="naming-heading" ref={heading} tabIndex={-1} className="font-semibold">
        Your comments may say who you are
      </h3>
      <p className="mt-1 text-sm">
        Comments are shown word for word to {subjectName}. These contain your name or e-mail address, which would tell them who wrote it:
      </p>
      <ul className="mt-2 list-disc space-y-1 pl-5 text-sm">
        {naming.map((f) => (
          <li key={f.id}>
            <a
              href={`#${f.id}`}
              className="font-semibold text-accent-800 underline"
              onClick={(e) => {
                e.preventDefault();
                onShow(f.id);
              }}
            >
              {f.label}
            </a>
          </li>
        ))}
      </ul>
      <div className="mt-3 flex flex-wrap gap-2">
        <Button type="button" variant="secondary" onClick={onEdit}>
          Edit my comments
        </Button>
        <Button type="button" disabled={submitting} onClick={onSubmitAnyway}>
          Submit anyway
        </Button>
      </div>
    </div>
  );
}
