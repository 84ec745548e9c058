"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { UseFormReturn } from "react-hook-form";
import { saveDraftAction } from "@/lib/surveys/actions";
import { padded } from "@/lib/surveys/padding";
import { mergeDrafts, type SurveyTarget, type SurveyValues } from "@/lib/surveys/values";

const AUTOSAVE_MS = 1200;

export type SaveState =
  { kind: "idle" } | { kind: "saving" } | { kind: "saved"; at: Date } | { kind: "error"; message: string } | { kind: "merged" };

/**
 * Saves the draft a moment after each change, and at once when the page is left or a step changes.
 * When another tab or device saved in between, ours is merged with theirs and saved again.
 */
export function useAutosave(
  form: Pick<UseFormReturn<SurveyValues>, "watch" | "getValues" | "reset">,
  target: SurveyTarget,
  initialVersion: number,
) {
  const { watch, getValues, reset } = form;
  const version = useRef(initialVersion);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const [save, setSave] = useState<SaveState>({ kind: "idle" });
  const saving = useRef(false);
  // A change made while a save is on its way is saved right after it, not dropped.
  const pending = useRef(false);
  // Once the form is submitted, no draft is saved from this page again (unless the submit fails).
  const stopped = useRef(false);

  const saveNow = useCallback(async () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    if (stopped.current) return;
    if (saving.current) {
      pending.current = true;
      return;
    }
    saving.current = true;
    setSave({ kind: "saving" });
    try {
      let values = getValues();
      let result = await saveDraftAction(padded({ target, baseVersion: version.current, values }));
      if (result.ok && !result.data.saved) {
        // Another tab or device saved in between: keep ours, fill our gaps from theirs, save again.
        values = mergeDrafts(values, result.data.values);
        reset(values, { keepErrors: true, keepDirty: true, keepTouched: true });
        version.current = result.data.version;
        result = await saveDraftAction(padded({ target, baseVersion: version.current, values }));
        if (result.ok && result.data.saved) {
          version.current = result.data.version;
          setSave({ kind: "merged" });
          return;
        }
      }
      if (result.ok && result.data.saved) {
        version.current = result.data.version;
        setSave({ kind: "saved", at: new Date() });
      } else {
        setSave({
          kind: "error",
          message: result.ok ? "Your answers could not be saved. Keep this page open and try again." : result.error,
        });
      }
    } catch {
      setSave({ kind: "error", message: "Not saved: check your connection. We will try again as you continue." });
    } finally {
      saving.current = false;
      if (pending.current) {
        pending.current = false;
        void saveNow();
      }
    }
  }, [getValues, reset, target]);

  useEffect(() => {
    const sub = watch(() => {
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(saveNow, AUTOSAVE_MS);
    });
    return () => {
      sub.unsubscribe();
      if (timer.current) clearTimeout(timer.current);
    };
  }, [watch, saveNow]);

  // Leaving the page, switching apps on a phone or moving to another step saves what is waiting
  // at once, instead of up to 1.2 s later, when the page may be gone.
  const flush = useCallback(() => {
    if (timer.current) void saveNow();
  }, [saveNow]);
  useEffect(() => {
    const onHidden = () => {
      if (document.visibilityState === "hidden") flush();
    };
    document.addEventListener("visibilitychange", onHidden);
    window.addEventListener("pagehide", flush);
    return () => {
      document.removeEventListener("visibilitychange", onHidden);
      window.removeEventListener("pagehide", flush);
    };
  }, [flush]);

  /** The form is being submitted: from now on no draft is saved from this page. */
  const stop = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    stopped.current = true;
    pending.current = false;
  }, []);
  /** The submit failed: the answers are a draft again. */
  const resume = useCallback(() => {
    stopped.current = false;
  }, []);

  return { save, flush, stop, resume };
}
