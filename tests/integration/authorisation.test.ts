import { readdirSync, existsSync } from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { actionRuleOf, hrAction, requestAction, viewerAction, type ActionRule } from "@/lib/auth/action";
import { hrRoute, requestRoute, viewerRoute } from "@/lib/auth/route";
import type { Viewer } from "@/lib/auth/viewer";
import { getDb } from "@/lib/db";
import { ensureRequest } from "@/lib/requests/start";
import { createCycle, createSmallOrganisation } from "@/tests/fixtures/factories";
import { viewerFor } from "@/tests/fixtures/viewer";

// The wrappers as the app runs them; only the caller (the identity choke point) and the
// framework's pieces they import are stood in for.
const caller = vi.hoisted(() => ({ viewer: null as Viewer | null }));
vi.mock("@/lib/auth/session", () => ({ getViewer: async () => caller.viewer }));
vi.mock("next/navigation", () => ({ unstable_rethrow: () => undefined, redirect: () => undefined, notFound: () => undefined }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
vi.mock("next/headers", () => ({ cookies: async () => ({ get: () => undefined, set: () => undefined }) }));
// next-auth does not load outside Next; the sign-in actions only need its names to exist.
vi.mock("@/lib/auth/config", () => ({
  countSignInRequest: async () => undefined,
  EMAIL_PROVIDER_ID: "email",
  limitsCounted: { run: (_: unknown, fn: () => unknown) => fn() },
  signIn: async () => undefined,
  signOut: async () => undefined,
  sessionCookieName: () => "session",
}));

beforeEach(() => {
  caller.viewer = null;
});

async function organisationWithRequest() {
  const db = await getDb();
  const org = await createSmallOrganisation(db);
  const cycle = await createCycle(db, org.organisation.id);
  // Max Manager is rated; Dana Director is his line manager; Hana is HR; his reports have no part.
  const requestId = await ensureRequest(db, org.organisation.id, cycle.id, org.manager);
  const as = (userId: string) => viewerFor(db, org.organisation.id, userId);
  return {
    requestId,
    hr: await as(org.hr.user.id),
    subject: await as(org.manager.user.id),
    lineManager: await as(org.director.user.id),
    employee: await as(org.reports[0]!.user.id),
  };
}

const NOT_FOUND = /does not exist, or you do not have access to it/;

describe("hrAction: HR of the organisation only", () => {
  it("gives a manager or an employee the not-found answer and never runs the handler; HR gets the handler", async () => {
    const o = await organisationWithRequest();
    const handler = vi.fn(async (_data: { n: number }, viewer: Viewer) => viewer.userId);
    const action = hrAction(z.object({ n: z.number() }), handler);
    for (const viewer of [o.lineManager, o.subject, o.employee]) {
      caller.viewer = viewer;
      const result = await action({ n: 1 });
      expect(result.ok).toBe(false);
      expect(!result.ok && result.error).toMatch(NOT_FOUND);
    }
    expect(handler).not.toHaveBeenCalled();
    caller.viewer = o.hr;
    expect(await action({ n: 1 })).toEqual({ ok: true, data: o.hr.userId });
  });

  it("signed out is the same refusal as for every signed-in action", async () => {
    const action = hrAction(z.object({}), async () => "ran");
    expect(await action({})).toEqual({ ok: false, error: "Please sign in again." });
  });
});

describe("requestAction: the request loaded once, for the declared need", () => {
  const schema = z.object({ requestId: z.string() });

  it("refuses a caller with the wrong need, as not-found, and hands the loaded request to the right one", async () => {
    const o = await organisationWithRequest();
    const seen = vi.fn(async (_data: { requestId: string }, ctx: { request: { id: string } }) => ctx.request.id);
    const cases: [Parameters<typeof requestAction>[0], Viewer, boolean][] = [
      // Only the subject manages their request.
      ["manage", o.subject, true],
      ["manage", o.lineManager, false],
      ["manage", o.hr, false],
      // Approvers are the line manager or HR, never the subject.
      ["approve", o.lineManager, true],
      ["approve", o.hr, true],
      ["approve", o.subject, false],
      // Someone with no part in it sees nothing of it.
      ["view", o.employee, false],
      ["view", o.subject, true],
    ];
    for (const [need, viewer, allowed] of cases) {
      caller.viewer = viewer;
      const result = await requestAction(need, schema, seen)({ requestId: o.requestId });
      if (allowed) expect(result, `${need} as ${viewer.name}`).toEqual({ ok: true, data: o.requestId });
      else expect(!result.ok && result.error, `${need} as ${viewer.name}`).toMatch(NOT_FOUND);
    }
    expect(seen).toHaveBeenCalledTimes(cases.filter(([, , allowed]) => allowed).length);
  });

  it("a request of another organisation, or an id that is not one, is not-found too", async () => {
    const o = await organisationWithRequest();
    const elsewhere = await organisationWithRequest();
    caller.viewer = o.hr;
    const action = requestAction("view", schema, async () => "ran");
    expect(!(await action({ requestId: elsewhere.requestId })).ok).toBe(true);
    expect(await action({ requestId: "not-a-uuid" })).toMatchObject({ ok: false, error: expect.stringMatching(NOT_FOUND) });
  });
});

describe("declared routes", () => {
  const call = (route: (request: Request, context: { params: Promise<{ id: string }> }) => Promise<Response>, id = "") =>
    route(new Request("http://localhost/api/x"), { params: Promise.resolve({ id }) });

  it("hrRoute answers 404 to a manager, an employee and the signed out, and runs for HR", async () => {
    const o = await organisationWithRequest();
    const route = hrRoute<{ id: string }>(async (viewer) => Response.json({ hr: viewer.userId }));
    for (const viewer of [o.lineManager, o.subject, o.employee, null]) {
      caller.viewer = viewer;
      const response = await call(route);
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ error: "Not found" });
    }
    caller.viewer = o.hr;
    const response = await call(route);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ hr: o.hr.userId });
  });

  it("requestRoute answers 404 to someone without the declared part in the request, the same as for no request", async () => {
    const o = await organisationWithRequest();
    const route = requestRoute<{ id: string }>("view", async (ctx) => Response.json({ id: ctx.request.id }));
    caller.viewer = o.employee;
    expect((await call(route, o.requestId)).status).toBe(404);
    expect((await call(route, crypto.randomUUID())).status).toBe(404);
    caller.viewer = o.lineManager;
    expect(await (await call(route, o.requestId)).json()).toEqual({ id: o.requestId });
    const manage = requestRoute<{ id: string }>("manage", async () => Response.json({}));
    expect((await call(manage, o.requestId)).status).toBe(404);
  });

  it("viewerRoute serves any member and 404s the signed out", async () => {
    const o = await organisationWithRequest();
    const route = viewerRoute<{ id: string }>(async (viewer) => Response.json({ me: viewer.userId }));
    expect((await call(route)).status).toBe(404);
    caller.viewer = o.employee;
    expect((await call(route)).status).toBe(200);
  });
});

/**
 * Who may call each server action, as declared. Every export of every lib/<domain>/actions.ts must
 * be built by a wrapper (so its rule is said where it is declared) and be listed here.
 */
const DECLARED: Record<string, ActionRule> = {
  "auth#requestSignInLink": "public",
  "auth#signOutAction": "public",
  "auth#signInWithSso": "public",
  "auth#continueWithCompanyAccount": "public",
  "sso#saveSsoSettingsAction": "hr",
  "sso#removeSsoSettingsAction": "hr",
  "sso#testSsoConnectionAction": "hr",
  "sso#checkSsoDomainAction": "hr",
  "auth#switchOrganisation": "viewer",
  "cycles#saveCycleAction": "hr",
  "cycles#launchCycleAction": "hr",
  "cycles#remindAllAction": "hr",
  "cycles#closeCycleAction": "hr",
  "cycles#extendCycleAction": "hr",
  "cycles#releaseAllAction": "hr",
  "cycles#releaseOneAction": "hr",
  "people#previewImportAction": "hr",
  "people#applyImportAction": "hr",
  "people#addPersonAction": "hr",
  "people#editPersonAction": "hr",
  "people#setPersonActiveAction": "hr",
  "people#setPersonRolesAction": "hr",
  "people#erasePersonAction": "hr",
  "plans#setFocusAreasAction": "viewer",
  "plans#saveFocusNoteAction": "viewer",
  "plans#addPlanActionAction": "viewer",
  "plans#setPlanActionStatusAction": "viewer",
  "plans#removePlanActionAction": "viewer",
  "plans#shareWithManagerAction": "viewer",
  "plans#shareWithCoachAction": "viewer",
  "plans#withdrawShareAction": "viewer",
  "requests#startRequestAction": "viewer",
  "requests#startPersonalRequestAction": "viewer",
  "requests#searchDirectoryAction": "request:manage",
  "requests#nominatePersonAction": "request:view",
  "requests#nominateAllSuggestedAction": "request:view",
  "requests#nominateExternalAction": "request:view",
  "requests#removeNominationAction": "request:view",
  "requests#revokeInvitationAction": "request:manage",
  "requests#resendInvitationAction": "request:manage",
  "requests#submitNominationsAction": "request:manage",
  "requests#remindRatersAction": "request:manage",
  "requests#decideNominationsAction": "request:approve",
  "requests#emailMySurveyLinkAction": "viewer",
  "pulse#startPulseAction": "request:view",
  "surveys#openSurveyAction": "public",
  "surveys#saveDraftAction": "public",
  "surveys#submitSurveyAction": "public",
  "surveys#declineSurveyAction": "public",
  "scim#createScimTokenAction": "hr",
  "scim#revokeScimTokenAction": "hr",
};

describe("every server action declares who may call it", () => {
  it("each export of lib/*/actions.ts is built by a wrapper, with the rule listed here", async () => {
    const lib = path.resolve(import.meta.dirname, "../../lib");
    const modules = readdirSync(lib).filter((domain) => existsSync(path.join(lib, domain, "actions.ts")));
    expect(modules.length).toBeGreaterThan(0);
    const found: Record<string, ActionRule | undefined> = {};
    for (const domain of modules) {
      const exports = (await import(path.join(lib, domain, "actions.ts"))) as Record<string, unknown>;
      for (const [name, value] of Object.entries(exports)) found[`${domain}#${name}`] = actionRuleOf(value);
    }
    const undeclared = Object.entries(found).flatMap(([name, rule]) => (rule ? [] : [name]));
    expect(undeclared, "exports no wrapper built").toEqual([]);
    expect(found).toStrictEqual(DECLARED);
  });

  it("a function no wrapper built has no rule", () => {
    expect(actionRuleOf(async () => null)).toBeUndefined();
    expect(actionRuleOf(viewerAction(z.object({}), async () => null))).toBe("viewer");
  });
});
