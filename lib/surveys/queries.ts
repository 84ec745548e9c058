import { getDb } from "@/lib/db";
import { findSurveyLink } from "./links";

/** What an e-mailed survey link leads to (read-only). */
export async function getSurveyLink(token: string) {
  return findSurveyLink(await getDb(), token);
}
