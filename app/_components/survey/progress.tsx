import { fieldName, type SurveyValues } from "@/lib/surveys/values";
import type { SaveState } from "./use-autosave";
import type { Step } from "./use-steps";

/** How far the rater is: questions answered, and differences with every question answered. */
export function progressOf(values: SurveyValues, steps: Step[]) {
  const stepDone = (s: Step) => s.items.every((i) => values.answers[fieldName(i.key)]);
  return {
    itemCount: Object.keys(values.answers).length,
    answered: Object.values(values.answers).filter(Boolean).length,
    // Every step but the organisation's own items is a difference (a pulse's have no comment box).
    differences: steps.filter((s) => s.id !== "custom").length,
    differencesDone: steps.filter((s) => s.id !== "custom" && stepDone(s)).length,
  };
}

/** The bar above the survey: the step (on a phone) or the count (wide), and what autosave did last. */
export function SurveyProgress({
  values,
  steps,
  step,
  totalSteps,
  save,
}: {
  values: SurveyValues;
  steps: Step[];
  step: number;
  totalSteps: number;
  save: SaveState;
}) {
  const { itemCount, answered, differences, differencesDone } = progressOf(values, steps);
  return (
    <div className="sticky top-0 z-10 -mx-4 border-b border-slate-200 bg-white/95 px-4 py-3 backdrop-blur">
      <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
        <p id="survey-progress" className="font-semibold">
          <span className="lg:hidden">
            Step {step + 1} of {totalSteps}
            {step < steps.length ? ` · ${differencesDone} of ${differences} differences done` : ""}
          </span>
          <span className="hidden lg:inline">
            {answered} of {itemCount} questions answered · {differencesDone} of {differences} differences done
          </span>
        </p>
        <p aria-live="polite" className="text-slate-600">
          {saveMessage(save)}
        </p>
      </div>
      <div className="mt-2 h-2 rounded-full bg-slate-200" aria-hidden="true">
        <div
          className="h-2 rounded-full bg-accent-700 transition-all"
          style={{ width: `${itemCount ? (answered / itemCount) * 100 : 0}%` }}
        />
      </div>
    </div>
  );
}

function saveMessage(save: SaveState): string {
  switch (save.kind) {
    case "saving":
      return "Saving…";
    case "saved":
      return `Saved ${save.at.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" })}`;
    case "merged":
      return "Saved, combined with answers from another window";
    case "error":
      return save.message;
    case "idle":
      return "Your answers save as you go";
  }
}
