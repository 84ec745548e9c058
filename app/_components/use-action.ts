"use client";

import { useRouter } from "next/navigation";
import { useCallback, useState, useTransition } from "react";
import type { ActionResult } from "@/lib/auth/action";

/** What the last call came to, as one sentence for the page to show. */
export type Outcome = { tone: "ok" | "error"; text: string };

type Failure = Extract<ActionResult<unknown>, { ok: false }>;

/**
 * A call that never got an answer (the connection dropped, the server was restarting). Whether it
 * reached the server is unknown, so the sentence promises nothing about what changed.
 */
export const NOT_REACHED: Failure = {
  ok: false,
  error: "We could not reach Twofold just now: check your connection and try again.",
  retryable: true,
};

export interface RunOptions<T> {
  /** The sentence to show once it worked (an outcome of its own when it worked only in part). */
  success?: (data: T) => string | Outcome | void;
  /** Where to go once it worked; the caller stays busy until the next page is there. */
  redirect?: (data: T) => string;
  /** Shows a failure somewhere of its own (a field): return true and no sentence is shown. */
  failure?: (failure: Failure) => boolean | void;
}

/**
 * The busy/error pattern of every client component that calls a server action: it is pending from
 * the call until the page has taken the action's revalidated data (or the next page, after a
 * redirect), so a button cannot be pressed twice against a list that is about to change; a failure
 * becomes the action's own sentence (its field errors go where `failure` puts them); a call that
 * throws (no answer at all) becomes a sentence too, instead of a page stuck at "Sending…".
 */
export function useAction() {
  const router = useRouter();
  const [busy, startTransition] = useTransition();
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const run = useCallback(
    <T>(call: () => Promise<ActionResult<T>>, options: RunOptions<T> = {}): Promise<ActionResult<T>> =>
      new Promise((resolve) => {
        setOutcome(null);
        startTransition(async () => {
          let result: ActionResult<T>;
          try {
            result = await call();
          } catch {
            result = NOT_REACHED;
          }
          if (result.ok) {
            const said = options.success?.(result.data);
            if (said) setOutcome(typeof said === "string" ? { tone: "ok", text: said } : said);
            if (options.redirect) router.push(options.redirect(result.data));
          } else if (!options.failure?.(result)) {
            setOutcome({ tone: "error", text: result.error });
          }
          resolve(result);
        });
      }),
    [router],
  );

  return { busy, outcome, run, say: setOutcome };
}

/**
 * Puts an action's field errors on the form's fields (react-hook-form's `setError`): those in `only`
 * where given; `rename` maps the action's path to the form's where the action wraps the form
 * (`form.name` is `name`). Returns whether any field got one.
 */
export function showFieldErrors(
  failure: Failure,
  setError: (path: never, error: { message?: string }) => void,
  { only, rename = (path) => path }: { only?: readonly string[]; rename?: (path: string) => string } = {},
): boolean {
  const entries = Object.entries(failure.fieldErrors ?? {}).filter(([path]) => !only || only.includes(path));
  for (const [path, messages] of entries) setError(rename(path) as never, { message: messages[0] });
  return entries.length > 0;
}
