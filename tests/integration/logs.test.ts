import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { publicAction } from "@/lib/auth/action";
import { eq } from "drizzle-orm";
import * as t from "@/lib/db/schema";
import { declineInvitation, loadSurveyContext, saveDraft, submitResponse, type SurveyContext } from "@/lib/surveys/responses";
import { fieldName, withDefaults } from "@/lib/surveys/schema";
import { submitNominations } from "@/lib/requests/sending";
import { invitationsOf, requestWithNominations } from "../support/scenario";

// The action wrapper as the app runs it; only the framework's pieces it imports are stood in for.
vi.mock("@/lib/auth/session", () => ({ getViewer: async () => null }));
vi.mock("next/navigation", () => ({ unstable_rethrow: () => undefined }));

/**
 * Issue 18: no log line carries answer values, comments, survey tokens or invitation ids next to
 * each other. Each error path of submit, draft and decline is made to fail inside the database
 * (the statement's parameters then sit in drizzle's error), through the one action wrapper, and
 * everything the server printed is searched.
 */
describe("what the server logs when a survey write fails", () => {
  afterEach(() => vi.restoreAllMocks());

  it("names the database error by its code only: no invitation, tag, answer or comment", async () => {
    const setup = await requestWithNominations();
    await submitNominations(setup.db, await setup.context(), true).catch(() => undefined);
    await setup.db.update(t.invitations).set({ status: "sent" }).where(eq(t.invitations.requestId, setup.requestId));
    const invitation = (await invitationsOf(setup.requestId)).find((i) => i.raterGroup === "peer")!;
    const ctx = (await loadSurveyContext(setup.db, invitation.id))!;
    const values = withDefaults(ctx.questionnaire, null);
    for (const key of Object.keys(values.answers)) values.answers[key] = "2";
    values.answers[fieldName("risk.leadership")] = "5";
    values.comments.culture = "Secret comment about the weekly review.";

    const printed: string[] = [];
    for (const level of ["error", "warn", "log", "info"] as const) {
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        printed.push(
          args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack}` : typeof a === "string" ? a : JSON.stringify(a))).join(" "),
        );
      });
    }
    const broken: Record<string, SurveyContext> = {
      // An unknown rater group: the cast fails inside submit_ballot, with every parameter in the error.
      submit: { ...ctx, group: "bogus" as never },
      // An organisation that does not exist: the draft's insert breaks a foreign key.
      draft: { ...ctx, organisationId: crypto.randomUUID() },
      // A cycle id that is not a uuid: the lock fails.
      decline: { ...ctx, cycleId: "not-a-uuid" },
    };
    const results = await Promise.all([
      publicAction(z.any(), () => submitResponse(setup.db, broken.submit!, values, "first"))({}),
      publicAction(z.any(), () => saveDraft(setup.db, broken.draft!, values, 0))({}),
      publicAction(z.any(), () => declineInvitation(setup.db, broken.decline!, "no_time"))({}),
    ]);
    for (const r of results) expect(r).toMatchObject({ ok: false, error: expect.stringMatching(/Something went wrong/) });
    const log = printed.join("\n");
    expect(printed.length).toBeGreaterThanOrEqual(3);
    expect(log).toMatch(/database error [0-9A-Z]{5}/);
    for (const secret of [invitation.id, "Secret comment", "weekly review", ctx.requestId, ctx.organisationId]) {
      expect(log).not.toContain(secret);
    }
    // Nor the ciphertext or tag of a ballot (base64 or hex strings of 40+ characters).
    expect(log).not.toMatch(/[A-Za-z0-9+/=]{40,}/);
    expect(log).not.toMatch(/[0-9a-f]{40,}/);
  });
});
