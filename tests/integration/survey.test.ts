import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { recordFigure } from "../support/figures";
import * as t from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { fieldName, withDefaults, type SurveyValues } from "@/lib/surveys/schema";
import {
  declineInvitation,
  loadSurveyContext,
  loadSurveyState,
  saveDraft,
  submitResponse,
  type SurveyContext,
} from "@/lib/surveys/responses";
import { scrubLeftoverKeys, unlinkRequests } from "@/lib/reports/close";
import { closeCycle } from "@/lib/reports/release";
import { requestKey, shredRequestKeys } from "@/lib/surveys/sealing";
import { issueSurveyLink, revokeAllSurveyLinks } from "@/lib/requests/links";
import { submitNominations } from "@/lib/requests/sending";
import { invitationsOf, requestWithNominations } from "../support/scenario";

/** A rater of a live invitation, ready to answer (e-mail delivery is not the point here). */
async function liveRater(group: "peer" | "direct_report" = "peer") {
  const setup = await requestWithNominations();
  // Without SMTP in integration tests, invitations end "not sent"; mark them sent to answer them.
  await submitNominations(setup.db, await setup.context(), true).catch(() => undefined);
  await setup.db.update(t.invitations).set({ status: "sent" }).where(eq(t.invitations.requestId, setup.requestId));
  const invitation = (await invitationsOf(setup.requestId)).find((i) => i.raterGroup === group)!;
  const ctx = (await loadSurveyContext(setup.db, invitation.id))!;
  return { ...setup, invitation, ctx };
}

function complete(ctx: SurveyContext, score = "4"): SurveyValues {
  const v = withDefaults(ctx.questionnaire, null);
  for (const k of Object.keys(v.answers)) v.answers[k] = score as "4";
  v.answers[fieldName("risk.leadership")] = "not_observed";
  v.comments.culture = "Clear weekly priorities.";
  v.keep_doing = "Keep explaining the why.";
  return v;
}

async function counts(db: Awaited<ReturnType<typeof liveRater>>["db"], requestId: string) {
  const [r] = await db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(t.responses)
    .where(eq(t.responses.requestId, requestId));
  const [a] = await db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(t.answers)
    .where(eq(t.answers.requestId, requestId));
  const [c] = await db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(t.comments)
    .where(eq(t.comments.requestId, requestId));
  const [b] = await db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(t.ballots)
    .where(eq(t.ballots.requestId, requestId));
  return { ballots: b!.n, responses: r!.n, answers: a!.n, comments: c!.n };
}

describe("submitting", () => {
  it("50 concurrent submits of one invitation produce exactly one ballot, opened at close as one response", async () => {
    const { db, ctx, requestId, invitation } = await liveRater();
    const outcomes = await Promise.all(Array.from({ length: 50 }, () => submitResponse(db, ctx, complete(ctx), "first")));
    expect(outcomes.filter((o) => o === "submitted")).toHaveLength(1);
    expect(outcomes.filter((o) => o === "already_submitted")).toHaveLength(49);
    // One sealed ballot; nothing readable and nothing about the rater is written until close.
    expect(await counts(db, requestId)).toEqual({ ballots: 1, responses: 0, answers: 0, comments: 0 });
    const [inv] = await db.select().from(t.invitations).where(eq(t.invitations.id, invitation.id));
    expect(inv!.status).toBe("sent");
    const [ballot] = await db.select().from(t.ballots).where(eq(t.ballots.requestId, requestId));
    expect(JSON.stringify(ballot)).not.toMatch(new RegExp(`${invitation.id}|Clear weekly|Keep explaining`));
    const state = await loadSurveyState(db, ctx);
    expect(state).toMatchObject({ submitted: true, values: { comments: { culture: "Clear weekly priorities." } } });
    // Opened at close: one response of 16 answers, "not observed" as no score (a lone peer's
    // comments are under k_c, so they go).
    await closeCycle(db, ctx.organisationId, ctx.cycleId);
    expect(await counts(db, requestId)).toEqual({ ballots: 0, responses: 1, answers: 16, comments: 0 });
    const notObserved = await db.select().from(t.answers).where(eq(t.answers.itemKey, "risk.leadership"));
    expect(notObserved[0]!.score).toBeNull();
    expect(Object.keys(notObserved[0]!)).not.toContain("invitationId");
    recordFigure("races: concurrent submits of one invitation", outcomes.length);
  });

  it("submits racing a close land before it or are refused, never after it, and never deadlock", async () => {
    const { db, org, cycle, requestId } = await liveRater();
    const raters = (await invitationsOf(requestId)).filter((i) => i.raterGroup !== "self" && i.status === "sent");
    const contexts = await Promise.all(raters.map(async (i) => (await loadSurveyContext(db, i.id))!));
    const racing = await Promise.allSettled([
      ...contexts.map((ctx, i) =>
        i % 2
          ? submitResponse(db, ctx, complete(ctx), "first")
          : submitResponse(db, ctx, complete(ctx), "first").then(() => submitResponse(db, ctx, complete(ctx, "2"), "revision")),
      ),
      closeCycle(db, org.organisation.id, cycle.id),
      ...contexts.map((ctx) => submitResponse(db, ctx, complete(ctx, "3"), "revision")),
    ]);
    // Whatever the interleaving, a failure is the plain "closed" refusal: no deadlock, no constraint violation.
    for (const s of racing) if (s.status === "rejected") expect((s.reason as AppError).code).toBe("closed");
    const after = await Promise.allSettled(contexts.map((ctx) => submitResponse(db, ctx, complete(ctx, "5"), "revision")));
    for (const s of after) expect(s.status === "rejected" && (s.reason as AppError).code).toBe("closed");
    // After close no response points at its rater, and every response has its full answer set.
    const linked = await db.select().from(t.responses).where(eq(t.responses.requestId, requestId));
    expect(linked.every((r) => r.invitationId === null)).toBe(true);
    const { responses, answers } = await counts(db, requestId);
    expect(answers).toBe(responses * 16);
    recordFigure("races: submits and revisions racing a close", racing.length);
  });

  it("a revision replaces the answers in place, never adding a response", async () => {
    const { db, ctx, requestId } = await liveRater();
    await submitResponse(db, ctx, complete(ctx, "4"), "first");
    const [before] = await db.select().from(t.ballots).where(eq(t.ballots.requestId, requestId));
    const revised = complete(ctx, "2");
    revised.comments.culture = "";
    expect(await submitResponse(db, ctx, revised, "revision")).toBe("revised");
    const [after] = await db.select().from(t.ballots).where(eq(t.ballots.requestId, requestId));
    expect(after!.tag).toBe(before!.tag);
    expect(after!.sealed).not.toBe(before!.sealed);
    const state = await loadSurveyState(db, ctx);
    expect(state.submitted).toBe(true);
    expect(state.values.answers[fieldName("culture.leadership")]).toBe("2");
    await closeCycle(db, ctx.organisationId, ctx.cycleId);
    expect(state.values.comments.culture).toBe("");
    expect(await counts(db, requestId)).toEqual({ ballots: 0, responses: 1, answers: 16, comments: 0 });
    const scores = await db.select({ s: t.answers.score }).from(t.answers).where(eq(t.answers.requestId, requestId));
    expect(new Set(scores.map((s) => s.s))).toEqual(new Set([2, null]));
  });

  it("a response from before sealed ballots still counts: shown for revision, a repeat first submit refused, a revision moves it to a ballot", async () => {
    const { db, ctx, requestId, invitation } = await liveRater();
    const [legacy] = await db
      .insert(t.responses)
      .values({ organisationId: ctx.organisationId, requestId, raterGroup: "peer", invitationId: invitation.id, submittedAt: new Date() })
      .returning();
    await db.insert(t.answers).values(
      ctx.questionnaire.items.map((i) => ({
        responseId: legacy!.id,
        organisationId: ctx.organisationId,
        requestId,
        raterGroup: "peer" as const,
        itemKey: i.key,
        score: 3,
      })),
    );
    const state = await loadSurveyState(db, ctx);
    expect(state.submitted).toBe(true);
    expect(state.values.answers[fieldName("culture.leadership")]).toBe("3");
    expect(await submitResponse(db, ctx, complete(ctx), "first")).toBe("already_submitted");
    expect(await submitResponse(db, ctx, complete(ctx, "5"), "revision")).toBe("revised");
    expect(await counts(db, requestId)).toEqual({ ballots: 1, responses: 0, answers: 0, comments: 0 });
    expect((await loadSurveyState(db, ctx)).values.answers[fieldName("culture.leadership")]).toBe("5");
  });

  it("a key a crash left behind is shredded by the job runner, and only for requests this database closed", async () => {
    const { db, ctx, requestId } = await liveRater();
    await submitResponse(db, ctx, complete(ctx), "first");
    // As if close committed and the process died before scrubbing: the request is closed, its key is not gone.
    await db.transaction(async (tx) => {
      await unlinkRequests(tx, ctx.organisationId, [requestId], { threshold: 3, commentThreshold: 3 });
      await tx.update(t.feedbackRequests).set({ status: "closed" }).where(eq(t.feedbackRequests.id, requestId));
    });
    const stranger = crypto.randomUUID();
    requestKey(stranger, { create: true });
    expect(requestKey(requestId, { create: false })).not.toBeNull();
    expect(await scrubLeftoverKeys(db)).toBe(1);
    expect(requestKey(requestId, { create: false })).toBeNull();
    expect(requestKey(stranger, { create: false })).not.toBeNull();
    shredRequestKeys([stranger]);
  });

  it("rejects bad payloads whole, storing nothing", async () => {
    const { db, ctx, requestId } = await liveRater();
    const bad: [string, (v: SurveyValues) => unknown][] = [
      ["an out-of-range score", (v) => ({ ...v, answers: { ...v.answers, [fieldName("culture.leadership")]: "6" } })],
      ["a zero score", (v) => ({ ...v, answers: { ...v.answers, [fieldName("culture.leadership")]: "0" } })],
      ["an unknown item", (v) => ({ ...v, answers: { ...v.answers, bogus__leadership: "3" } })],
      ["a missing item", (v) => ({ ...v, answers: { ...v.answers, [fieldName("empathy.management")]: "" } })],
      ["an oversized comment", (v) => ({ ...v, comments: { ...v.comments, culture: "x".repeat(2001) } })],
      ["an unknown comment topic", (v) => ({ ...v, comments: { ...v.comments, salary: "hi" } })],
      ["an extra field", (v) => ({ ...v, raterName: "Pat" })],
      ["a number instead of a string", (v) => ({ ...v, answers: { ...v.answers, [fieldName("culture.leadership")]: 3 } })],
      ["not an object", () => "<script>alert(1)</script>"],
    ];
    for (const [what, mutate] of bad) {
      const error = await submitResponse(db, ctx, mutate(complete(ctx)), "first").catch((e) => e);
      expect(error, what).toBeInstanceOf(AppError);
      expect((error as AppError).code, what).toBe("invalid_input");
    }
    expect(await counts(db, requestId)).toEqual({ ballots: 0, responses: 0, answers: 0, comments: 0 });
  });

  it("refuses answers once the cycle has closed or the invitation was revoked", async () => {
    const { db, ctx, cycle, invitation } = await liveRater();
    await db.update(t.cycles).set({ status: "closed" }).where(eq(t.cycles.id, cycle.id));
    await expect(submitResponse(db, ctx, complete(ctx), "first")).rejects.toThrow(/closed/);
    expect(await loadSurveyContext(db, invitation.id)).toBeNull();
    await db.update(t.cycles).set({ status: "open" }).where(eq(t.cycles.id, cycle.id));
    await db.update(t.invitations).set({ revokedAt: new Date() }).where(eq(t.invitations.id, invitation.id));
    await expect(submitResponse(db, ctx, complete(ctx), "first")).rejects.toThrow(/closed/);
    expect(await loadSurveyContext(db, invitation.id)).toBeNull();
  });
});

describe("survey sessions", () => {
  it("are honoured only while the link they were opened from is alive, and only for its own invitation", async () => {
    const { db, org, invitation, requestId } = await liveRater();
    const other = (await invitationsOf(requestId)).find((i) => i.id !== invitation.id && i.raterGroup !== "self")!;
    const link = await issueSurveyLink(db, org.organisation.id, invitation.id);
    const otherLink = await issueSurveyLink(db, org.organisation.id, other.id);
    expect((await loadSurveyContext(db, invitation.id, new Date(), link.tokenId))?.invitationId).toBe(invitation.id);
    // A link of another invitation does not open this one.
    expect(await loadSurveyContext(db, invitation.id, new Date(), otherLink.tokenId)).toBeNull();
    // Re-sending revokes the old links, and with them the sessions opened from them.
    await revokeAllSurveyLinks(db, invitation.id);
    expect(await loadSurveyContext(db, invitation.id, new Date(), link.tokenId)).toBeNull();
  });
});

describe("drafts", () => {
  it("round-trip through the database, and are deleted on submit", async () => {
    const { db, ctx } = await liveRater();
    const draft = withDefaults(ctx.questionnaire, null);
    draft.answers[fieldName("culture.leadership")] = "5";
    draft.comments.culture = "Half-way thought";
    expect(await saveDraft(db, ctx, draft, 0)).toEqual({ saved: true, version: 1 });
    draft.answers[fieldName("culture.management")] = "3";
    expect(await saveDraft(db, ctx, draft, 1)).toEqual({ saved: true, version: 2 });
    const state = await loadSurveyState(db, ctx);
    expect(state.hasDraft).toBe(true);
    expect(state.draftVersion).toBe(2);
    expect(state.values).toEqual(draft);
    await submitResponse(db, ctx, complete(ctx), "first");
    expect((await loadSurveyState(db, ctx)).hasDraft).toBe(false);
  });

  it("two tabs: a stale save is refused and handed the other save to merge, so nothing is lost silently", async () => {
    const { db, ctx } = await liveRater();
    const tabA = withDefaults(ctx.questionnaire, null);
    tabA.answers[fieldName("culture.leadership")] = "5";
    const tabB = withDefaults(ctx.questionnaire, null);
    tabB.answers[fieldName("strategy.leadership")] = "2";
    expect(await saveDraft(db, ctx, tabA, 0)).toEqual({ saved: true, version: 1 });
    const conflict = await saveDraft(db, ctx, tabB, 0);
    expect(conflict).toMatchObject({ saved: false, conflict: true, version: 1 });
    if (conflict.saved) throw new Error("expected a conflict");
    expect(conflict.values.answers[fieldName("culture.leadership")]).toBe("5");
    recordFigure("races: stale draft saves refused and handed back", 1);
  });

  it("reject malformed drafts", async () => {
    const { db, ctx } = await liveRater();
    await expect(saveDraft(db, ctx, { answers: { x: "9" } }, 0)).rejects.toThrow(AppError);
  });
});

describe("declining", () => {
  it("counts as declined, keeps only a reason category, and cannot follow a submission", async () => {
    const { db, ctx, invitation } = await liveRater();
    await declineInvitation(db, ctx, "no_time");
    const [inv] = await db.select().from(t.invitations).where(eq(t.invitations.id, invitation.id));
    expect(inv).toMatchObject({ status: "declined", declineReason: "no_time" });
    // Changing one's mind: a declined rater may still answer.
    const again = (await loadSurveyContext(db, invitation.id))!;
    expect(await submitResponse(db, again, complete(again), "first")).toBe("submitted");
    const after = (await loadSurveyContext(db, invitation.id))!;
    await expect(declineInvitation(db, after, undefined)).rejects.toThrow(/already given your feedback/);
  });
});
