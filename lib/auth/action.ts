import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { DATABASE_UNAVAILABLE, isDatabaseUnavailable, isUnstorableText, UNSTORABLE_TEXT_MESSAGE } from "@/lib/db/errors";
import { AppError, isAppError } from "@/lib/errors";
import { getDb } from "@/lib/db";
import { asHr, loadRequestFor, type HrViewer, type Need, type RequestContext } from "./permissions";
import { getViewer, type Viewer } from "./session";
import { logFailure } from "@/lib/log";

/**
 * The one wrapper every server action goes through: parse the input with the form's zod schema
 * (the same one react-hook-form uses on the client), resolve the caller, run, and map failures to
 * `{ ok: false }` with plain sentences. No action parses input or reads the session by hand, and
 * none checks who may call it by hand either: it says so by the wrapper it is built with
 * (publicAction, viewerAction, hrAction, requestAction(need, ...)).
 */

/**
 * `retryable` marks a failure that changed nothing and may succeed if sent again as it is (the
 * database was away): the survey form retries those by itself. (A server action's answer is always
 * HTTP 200 with this body; the framework gives actions no way to set a status.)
 */
export type ActionResult<T> =
  { ok: true; data: T } | { ok: false; error: string; fieldErrors?: Record<string, string[]>; retryable?: true };

const UNAVAILABLE = { ok: false, error: DATABASE_UNAVAILABLE, retryable: true } as const;

type Input = Record<string, unknown> | FormData;

function toObject(input: unknown): unknown {
  if (!(input instanceof FormData)) return input;
  // Next adds its own "$ACTION_…" fields to forms bound to server actions; they are not input.
  return Object.fromEntries([...input.entries()].filter(([key]) => !key.startsWith("$ACTION")));
}

export function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "_form";
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

async function run<S extends z.ZodType, T>(
  schema: S,
  input: unknown,
  handler: (data: z.output<S>) => Promise<T>,
): Promise<ActionResult<T>> {
  const parsed = schema.safeParse(toObject(input));
  if (!parsed.success) {
    return { ok: false, error: "Please correct the highlighted fields.", fieldErrors: fieldErrorsOf(parsed.error) };
  }
  try {
    return { ok: true, data: await handler(parsed.data) };
  } catch (error) {
    unstable_rethrow(error); // redirect() and notFound() are control flow, not failures
    if (isAppError(error)) return { ok: false, error: error.message, fieldErrors: error.fieldErrors };
    if (isDatabaseUnavailable(error)) return UNAVAILABLE;
    if (isUnstorableText(error)) return { ok: false, error: UNSTORABLE_TEXT_MESSAGE };
    logFailure("action", error);
    return { ok: false, error: "Something went wrong on our side. Nothing was changed; please try again." };
  }
}

/**
 * Who may call an action, as its wrapper declared it. Every export of an actions module carries one
 * (a test imports them all and checks), so a rule cannot be left to the action's body.
 */
export type ActionRule = "public" | "viewer" | "hr" | `request:${Need}`;

const rules = new WeakMap<object, ActionRule>();

function declare<F extends (...args: never[]) => Promise<unknown>>(rule: ActionRule, action: F): F {
  rules.set(action, rule);
  return action;
}

/** The rule an action was declared with, or undefined for a function no wrapper built. */
export function actionRuleOf(action: unknown): ActionRule | undefined {
  return typeof action === "function" ? rules.get(action) : undefined;
}

/** An action anyone may call (sign-in, survey links carry their own proof). */
export function publicAction<S extends z.ZodType, T>(schema: S, handler: (data: z.output<S>) => Promise<T>) {
  return declare("public", async (input: Input): Promise<ActionResult<T>> => run(schema, input, handler));
}

/** An action without input or answer, bound straight to a form (signing out): it ends in a redirect. */
export function formAction(handler: () => Promise<void>) {
  return declare("public", async (): Promise<void> => handler());
}

/**
 * A public action bound straight to a form (a plain `<form action>`, no client code), whose fields
 * the schema reads; it ends in a redirect. Input the schema refuses goes nowhere.
 */
export function publicFormAction<S extends z.ZodType>(schema: S, handler: (data: z.output<S>) => Promise<void>) {
  return declare("public", async (input: FormData): Promise<void> => {
    const parsed = schema.safeParse(toObject(input));
    if (parsed.success) await handler(parsed.data);
  });
}

async function signedIn<T>(then: (viewer: Viewer) => Promise<ActionResult<T>>): Promise<ActionResult<T>> {
  let viewer;
  try {
    viewer = await getViewer();
  } catch (error) {
    if (isDatabaseUnavailable(error)) return UNAVAILABLE;
    throw error;
  }
  // Same answer as for anything else you may not see.
  if (!viewer) return { ok: false, error: new AppError("not_found", "Please sign in again.").message };
  return then(viewer);
}

/** An action for a signed-in member of an organisation; it receives the resolved viewer. */
export function viewerAction<S extends z.ZodType, T>(schema: S, handler: (data: z.output<S>, viewer: Viewer) => Promise<T>) {
  return declare("viewer", async (input: Input): Promise<ActionResult<T>> =>
    signedIn((viewer) => run(schema, input, (data) => handler(data, viewer))),
  );
}

/**
 * An action for HR of the viewer's organisation; anyone else gets not-found. The handler gets an
 * HrViewer, the only key to HR's queries and changes.
 */
export function hrAction<S extends z.ZodType, T>(schema: S, handler: (data: z.output<S>, viewer: HrViewer) => Promise<T>) {
  return declare("hr", async (input: Input): Promise<ActionResult<T>> =>
    signedIn((viewer) => run(schema, input, (data) => handler(data, asHr(viewer)))),
  );
}

/**
 * An action on one feedback request: the request id comes from the parsed input, the request is
 * loaded once through the one loader (`loadRequestFor`) with `need`, and the handler receives it.
 * A request the viewer has no such part in is not-found.
 */
export function requestAction<S extends z.ZodType<{ requestId: string }>, T>(
  need: Need,
  schema: S,
  handler: (data: z.output<S>, ctx: RequestContext, viewer: Viewer) => Promise<T>,
) {
  return declare(`request:${need}`, async (input: Input): Promise<ActionResult<T>> =>
    signedIn((viewer) =>
      run(schema, input, async (data) => handler(data, await loadRequestFor(viewer, data.requestId, need, await getDb()), viewer)),
    ),
  );
}
