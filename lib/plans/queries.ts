import type { Viewer } from "@/lib/auth/viewer";
import { getDb } from "@/lib/db";
import { people } from "@/lib/db/schema";
import { eq } from "drizzle-orm";
import { allFocusOptions, suggestedFocus, type FocusChoice, type FocusEvidence } from "@/lib/report/focus";
import { loadPlanFor, type PlanReader } from "./access";
import { readPlan, type PlanView } from "./plans";
import { loadPlanForCoach, recordManagerView } from "./sharing";

/** What the plan pages show: loaded through loadPlanFor (read), so nobody else gets past. */
export interface PlanPage {
  requestId: string;
  reader: PlanReader;
  subjectName: string;
  cycleName: string;
  started: boolean;
  view: PlanView;
  /** For the subject only: every difference and pole to choose from, and the report's suggestions. */
  options: FocusEvidence[];
  suggested: FocusChoice[];
  /** The line manager frozen on the request, for the subject's share button. */
  lineManagerName: string | null;
}

export async function getPlanPage(viewer: Viewer, requestId: string): Promise<PlanPage> {
  const db = await getDb();
  const ctx = await loadPlanFor(viewer, requestId, "read", db);
  await recordManagerView(db, ctx, viewer);
  const view = await readPlan(db, ctx);
  const subject = ctx.reader === "subject";
  const managerId = ctx.request.request.lineManagerPersonId;
  const [manager] =
    subject && managerId ? await db.select({ name: people.name, active: people.active }).from(people).where(eq(people.id, managerId)) : [];
  return {
    requestId: ctx.request.request.id,
    reader: ctx.reader,
    subjectName: ctx.request.subject.name,
    cycleName: ctx.request.cycle.name,
    started: ctx.plan !== null,
    view,
    options: subject ? allFocusOptions(ctx.snapshot) : [],
    suggested: subject ? suggestedFocus(ctx.snapshot) : [],
    lineManagerName: manager?.active ? manager.name : null,
  };
}

export type CoachPlanPage = { state: "gone" } | { state: "shared"; subjectName: string; coachName: string; view: PlanView };

export async function getCoachPlanPage(token: string): Promise<CoachPlanPage> {
  const db = await getDb();
  const found = await loadPlanForCoach(db, token);
  if (found.state === "gone") return found;
  const view = await readPlan(db, { plan: found.plan, snapshot: found.snapshot, reader: "coach" });
  return { state: "shared", subjectName: found.subjectName, coachName: found.coachName, view };
}
