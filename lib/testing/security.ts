import { ballotTag, requestKey } from "@/lib/surveys/sealing";
import { eq } from "drizzle-orm";
import { loadRequestFor } from "@/lib/auth/permissions";
import { surveySessionCookie } from "@/lib/auth/survey-session";
import type { Database } from "@/lib/db";
import * as t from "@/lib/db/schema";
import { issueSurveyLink } from "@/lib/requests/links";
import { nominatePerson } from "@/lib/requests/nominations";
import { ensureRequest } from "@/lib/requests/start";
import { closeCycle, releaseCycle } from "@/lib/reports/release";
import { emptyValues, type SurveyValues } from "@/lib/surveys/schema";
import type { Questionnaire } from "@/lib/framework";
import { createCycle, createOrganisation, createPerson, createSmallOrganisation } from "./factories";
import { answerCycle } from "./requests";
import { viewerFor } from "./viewer";

const person = (p: { id: string; email: string; name: string }) => ({ id: p.id, email: p.email, name: p.name });

/**
 * Everything the authorisation matrix needs in two organisations: a subject with an open request
 * (and a live rater link), a released report, a draft cycle, and HR of another organisation.
 */
export async function matrixScenario(db: Database) {
  const a = await createSmallOrganisation(db);
  const orgId = a.organisation.id;
  const subject = await viewerFor(db, orgId, a.manager.user.id);

  // Released: a closed cycle with the manager's report released.
  const past = await createCycle(db, orgId, { name: "Past cycle" });
  const releasedRequestId = await ensureRequest(db, orgId, past.id, a.manager);
  await answerCycle(db, past.id);
  await closeCycle(db, orgId, past.id);
  await releaseCycle(db, { userId: null, organisation: { id: orgId } }, past.id);

  // Open: the manager's current request, one report invited, with a live link.
  const open = await createCycle(db, orgId, { name: "Open cycle" });
  const requestId = await ensureRequest(db, orgId, open.id, a.manager);
  const invitationId = await nominatePerson(db, await loadRequestFor(subject, requestId, "manage", db), {
    personId: a.reports[0]!.id,
    group: "direct_report",
  });
  await db.update(t.invitations).set({ status: "sent", sentAt: new Date() }).where(eq(t.invitations.id, invitationId));
  await db.update(t.feedbackRequests).set({ status: "collecting" }).where(eq(t.feedbackRequests.id, requestId));
  const link = await issueSurveyLink(db, orgId, invitationId);

  const draft = await createCycle(db, orgId, { name: "Draft cycle", status: "draft", launchedAt: null });

  const b = await createOrganisation(db, "Other Org");
  const hrB = await createPerson(db, b.id, { name: "Olive Otherhr", roles: ["hr"] });
  const [bPerson] = await db.select({ id: t.people.id }).from(t.people).where(eq(t.people.id, hrB.id));

  return {
    organisationId: orgId,
    subject: person(a.manager),
    lineManager: person(a.director),
    otherManager: person(a.peers[1]!),
    employee: person(a.reports[1]!),
    hr: person(a.hr),
    otherHr: person(hrB),
    otherOrgPersonId: bPerson!.id,
    openCycleId: open.id,
    pastCycleId: past.id,
    draftCycleId: draft.id,
    requestId,
    releasedRequestId,
    invitationId,
    surveyLink: link.url,
  };
}

/**
 * `count` raters, each with a live invitation and a survey session cookie (signed as the app
 * signs them), plus a complete answer set: for load tests that post the real submit action.
 */
export async function loadRaters(db: Database, count: number) {
  const org = await createOrganisation(db, "Load Ltd");
  const subject = await createPerson(db, org.id, { name: "Lena Load" });
  const cycle = await createCycle(db, org.id, { name: "Load cycle" });
  const requestId = await ensureRequest(db, org.id, cycle.id, subject);
  await db.update(t.feedbackRequests).set({ status: "collecting" }).where(eq(t.feedbackRequests.id, requestId));
  const raters: { invitationId: string; cookie: string }[] = [];
  for (let i = 0; i < count; i++) {
    const [invitation] = await db
      .insert(t.invitations)
      .values({
        organisationId: org.id,
        requestId,
        raterEmail: `rater${i}.${org.suffix}@load.test`,
        raterName: `Rater ${i}`,
        raterGroup: "peer",
        status: "sent",
        sentAt: new Date(),
      })
      .returning({ id: t.invitations.id });
    const link = await issueSurveyLink(db, org.id, invitation!.id);
    const cookie = surveySessionCookie(invitation!.id, link.tokenId);
    raters.push({ invitationId: invitation!.id, cookie: `${cookie.name}=${cookie.value}` });
  }
  const values: SurveyValues = emptyValues(cycle.questionnaire as Questionnaire);
  for (const k of Object.keys(values.answers)) values.answers[k] = "4";
  return { requestId, raters, values };
}

/** How many responses each invitation of a request has: exactly-once means never more than one. */
/**
 * Ballots of a request per invitation, for the load and fault tests: the test side computes each
 * invitation's tag with the request's key, as the server does while the request is open (ADR 7).
 * A ballot that matches no invitation would be a second answer: counted as a duplicate.
 */
export async function responsesPerInvitation(db: Database, requestId: string) {
  const rows = await db.select({ tag: t.ballots.tag }).from(t.ballots).where(eq(t.ballots.requestId, requestId));
  const invitations = await db.select({ id: t.invitations.id }).from(t.invitations).where(eq(t.invitations.requestId, requestId));
  const key = requestKey(requestId, { create: false });
  const byTag = new Map(key ? invitations.map((i) => [ballotTag(key, i.id), i.id]) : []);
  const counts = new Map<string, number>();
  let unmatched = 0;
  for (const r of rows) {
    const invitationId = byTag.get(r.tag);
    if (invitationId) counts.set(invitationId, (counts.get(invitationId) ?? 0) + 1);
    else unmatched++;
  }
  return {
    responses: rows.length,
    perInvitation: Object.fromEntries(counts),
    duplicates: [...counts.values()].filter((n) => n > 1).length + unmatched,
  };
}
