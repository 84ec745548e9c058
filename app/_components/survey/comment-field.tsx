import { forwardRef, type ComponentProps } from "react";
import { Field } from "@/app/_components/ui";
import { MAX_COMMENT_LENGTH } from "@/lib/surveys/values";

/** A survey comment: its question, an optional hint, how much of the allowed length is used, its error. */
export const CommentField = forwardRef<
  HTMLTextAreaElement,
  ComponentProps<"textarea"> & { id: string; label: string; hint?: string; error?: string; value: string }
>(function CommentField({ id, label, hint, error, value, ...props }, ref) {
  const describedBy = [hint ? `${id}-hint` : null, `${id}-count`, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <Field id={id} label={label} hint={hint} error={error} labelSize="body">
      <textarea
        id={id}
        ref={ref}
        rows={3}
        maxLength={MAX_COMMENT_LENGTH}
        className="block w-full rounded-md border border-slate-400 bg-white px-3 py-2 text-base"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        {...props}
      />
      <p id={`${id}-count`} className="text-xs text-slate-600">
        {value.length.toLocaleString("en-GB")} of {MAX_COMMENT_LENGTH.toLocaleString("en-GB")} characters
      </p>
    </Field>
  );
});
