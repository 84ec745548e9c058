import { resolveSurvey } from "@/lib/auth/survey-access";
import { getDb } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { formatDate } from "@/lib/format";
import { loadSurveyState } from "./responses";
import type { SurveyTarget } from "./schema";

/** The survey page's data, or null when the caller may not (or can no longer) answer it. */
export async function getSurveyPage(target: SurveyTarget) {
  try {
    const ctx = await resolveSurvey(target);
    const state = await loadSurveyState(await getDb(), ctx);
    return { ctx, state, closesOn: formatDate(ctx.closesAt) };
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") return null;
    throw error;
  }
}
