/**
 * Expected failures carry a code and a sentence fit for the user. Anything else is unexpected: it
 * is logged in full and the user sees a generic message.
 */
export type AppErrorCode =
  | "not_found" // also used for "not yours": what you may not see does not exist for you
  | "invalid_input"
  | "conflict"
  | "closed"
  | "rate_limited"
  | "unavailable";

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly fieldErrors?: Record<string, string[]>;

  constructor(code: AppErrorCode, message: string, fieldErrors?: Record<string, string[]>) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.fieldErrors = fieldErrors;
  }
}

export function notFound(what = "That page"): AppError {
  return new AppError("not_found", `${what} does not exist, or you do not have access to it.`);
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
