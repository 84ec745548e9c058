import type { APIRequestContext, Browser, BrowserContext } from "@playwright/test";
import { budget, buildScenario, callAction, expect, serverActions, signIn, tableCounts, test } from "./support";
import { sourceRoutes } from "../../scripts/build-routes";
import { recordFigure } from "../support/figures";

/**
 * The authorisation matrix: every page, route handler and export, for every kind of caller, with
 * the expected outcome of each cell. What a caller may not see is a 404. The table is checked
 * against the app itself: a route or server action that is not in the table fails the suite.
 */

type Role = "signedOut" | "rater" | "subject" | "lineManager" | "otherManager" | "employee" | "hr" | "otherHr";
const ROLES: Role[] = ["signedOut", "rater", "subject", "lineManager", "otherManager", "employee", "hr", "otherHr"];
type Outcome = 200 | 401 | 404 | 405 | 410 | 429 | "sign-in" | "home";

interface Matrix {
  organisationId: string;
  subject: { id: string; email: string };
  lineManager: { email: string };
  otherManager: { email: string };
  employee: { email: string };
  hr: { email: string };
  otherHr: { email: string };
  openCycleId: string;
  pastCycleId: string;
  draftCycleId: string;
  requestId: string;
  releasedRequestId: string;
  invitationId: string;
  surveyLink: string;
}

const SIGNED_IN: Role[] = ["subject", "lineManager", "otherManager", "employee", "hr", "otherHr"];
/** Pages for signed-in members only: the signed-out (and the rater, who has no account) go to sign-in. */
const members = (ok: Role[], otherwise: Outcome = 404): Record<Role, Outcome> =>
  Object.fromEntries(ROLES.map((r) => [r, r === "signedOut" || r === "rater" ? "sign-in" : ok.includes(r) ? 200 : otherwise])) as Record<
    Role,
    Outcome
  >;
/** Route handlers: a 404 for anyone who may not see them, signed in or not. */
const api = (ok: Role[]): Record<Role, Outcome> =>
  Object.fromEntries(ROLES.map((r) => [r, ok.includes(r) ? 200 : 404])) as Record<Role, Outcome>;
const everyone = (outcome: Outcome): Record<Role, Outcome> => Object.fromEntries(ROLES.map((r) => [r, outcome])) as Record<Role, Outcome>;
const readers: Role[] = ["subject", "lineManager", "hr"];
/** Pages not tied to an id: every HR person sees their own organisation's. */
const HR_ANYWHERE: Role[] = ["hr", "otherHr"];

const ROUTES: Record<string, { url: (m: Matrix) => string; expect: Record<Role, Outcome> }> = {
  "/": { url: () => "/", expect: members(SIGNED_IN) },
  "/cycles": { url: () => "/cycles", expect: members(SIGNED_IN) },
  "/cycles/new": { url: () => "/cycles/new", expect: members(HR_ANYWHERE) },
  "/cycles/[id]": { url: (m) => `/cycles/${m.openCycleId}`, expect: members(["hr"]) },
  "/cycles/[id]/edit": { url: (m) => `/cycles/${m.draftCycleId}/edit`, expect: members(["hr"]) },
  "/people": { url: () => "/people", expect: members(HR_ANYWHERE) },
  "/people/new": { url: () => "/people/new", expect: members(HR_ANYWHERE) },
  "/people/import": { url: () => "/people/import", expect: members(HR_ANYWHERE) },
  "/people/provisioning": { url: () => "/people/provisioning", expect: members(HR_ANYWHERE) },
  "/people/[id]": { url: (m) => `/people/${m.subject.id}`, expect: members(["hr"]) },
  "/dashboards": { url: () => "/dashboards", expect: members(HR_ANYWHERE) },
  "/audit": { url: () => "/audit", expect: members(HR_ANYWHERE) },
  "/settings/sign-in": { url: () => "/settings/sign-in", expect: members(HR_ANYWHERE) },
  "/requests/new": { url: () => "/requests/new", expect: members(["subject", "lineManager", "otherManager"]) },
  "/requests/[id]": { url: (m) => `/requests/${m.requestId}`, expect: members(readers) },
  "/requests/[id]/self": { url: (m) => `/requests/${m.requestId}/self`, expect: members(["subject"]) },
  "/reports/[id]": { url: (m) => `/reports/${m.releasedRequestId}`, expect: members(readers) },
  // The follow-up pulse is the subject's own: their line manager and HR, who may read the report, get a 404.
  "/reports/[id]/pulse": { url: (m) => `/reports/${m.releasedRequestId}/pulse`, expect: members(["subject"]) },
  // Private by default: with no share, only the subject reads their plan (sharing: tests/e2e/plans.spec.ts).
  "/reports/[id]/plan": { url: (m) => `/reports/${m.releasedRequestId}/plan`, expect: members(["subject"]) },
  // An unknown, withdrawn or expired coach link: the same plain "no longer shared" page for everyone.
  "/plan-link/[token]": { url: () => `/plan-link/${"x".repeat(43)}`, expect: everyone(200) },
  "/s/[token]": { url: (m) => new URL(m.surveyLink).pathname, expect: everyone(200) },
  "/survey/[invitationId]": { url: (m) => `/survey/${m.invitationId}`, expect: { ...everyone(404), rater: 200 } },
  "/sign-in": { url: () => "/sign-in", expect: { ...everyone("home"), signedOut: 200, rater: 200 } },
  "/sign-in/check-email": { url: () => "/sign-in/check-email", expect: everyone(200) },
  "/sign-in/confirm": { url: () => "/sign-in/confirm", expect: everyone(200) },
  "/sign-in/problem": { url: () => "/sign-in/problem?problem=refused", expect: everyone(200) },
  "/no-access": { url: () => "/no-access", expect: everyone(200) },
  "/dev/mail": { url: () => "/dev/mail", expect: everyone(404) },
  "/link/closed": { url: () => "/link/closed", expect: everyone(410) },
  "/link/busy": { url: () => "/link/busy", expect: everyone(429) },
  "/link/invalid": { url: () => "/link/invalid", expect: everyone(404) },
  "/api/health": { url: () => "/api/health", expect: everyone(200) },
  "/api/auth/[...nextauth]": { url: () => "/api/auth/session", expect: everyone(200) },
  "/api/reports/[id]": { url: (m) => `/api/reports/${m.releasedRequestId}`, expect: api(readers) },
  "/api/reports/[id]/csv": { url: (m) => `/api/reports/${m.releasedRequestId}/csv`, expect: api(readers) },
  "/api/reports/[id]/pdf": { url: (m) => `/api/reports/${m.releasedRequestId}/pdf`, expect: api(readers) },
  "/api/dashboards/csv": { url: (m) => `/api/dashboards/csv?cycle=${m.pastCycleId}`, expect: api(["hr"]) },
  "/api/me/export": { url: () => "/api/me/export", expect: api(SIGNED_IN) },
  // SCIM: a bearer token of the organisation only; a session (even HR's) is no token: a bare 401.
  "/api/scim/v2/ServiceProviderConfig": { url: () => "/api/scim/v2/ServiceProviderConfig", expect: everyone(401) },
  "/api/scim/v2/ResourceTypes": { url: () => "/api/scim/v2/ResourceTypes", expect: everyone(401) },
  "/api/scim/v2/ResourceTypes/[id]": { url: () => "/api/scim/v2/ResourceTypes/User", expect: everyone(401) },
  "/api/scim/v2/Schemas": { url: () => "/api/scim/v2/Schemas", expect: everyone(401) },
  "/api/scim/v2/Schemas/[id]": { url: () => "/api/scim/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:User", expect: everyone(401) },
  "/api/scim/v2/Users": { url: () => "/api/scim/v2/Users", expect: everyone(401) },
  "/api/scim/v2/Users/[id]": { url: (m) => `/api/scim/v2/Users/${m.subject.id}`, expect: everyone(401) },
  "/api/scim/v2/Groups": { url: () => "/api/scim/v2/Groups", expect: everyone(401) },
  "/api/scim/v2/Groups/[id]": { url: () => `/api/scim/v2/Groups/${crypto.randomUUID()}`, expect: everyone(401) },
  // Test-only (E2E_FIXTURES); POST only, so a GET is refused for everyone.
  "/api/test/fixtures": { url: () => "/api/test/fixtures", expect: everyone(405) },
  // `npm run bench` only (BENCH_FLOOR, never set here): not found for everyone.
  "/bench/floor": { url: () => "/bench/floor", expect: everyone(404) },
  // Inside the signed-in layout, so the signed-out go to sign-in first, like every member page.
  "/bench/shell": { url: () => "/bench/shell", expect: members([]) },
  "/api/bench/floor": { url: () => "/api/bench/floor", expect: everyone(404) },
  "/api/bench/[op]": { url: () => "/api/bench/stats", expect: everyone(404) },
};

/**
 * Every route the build under test defines, from the app/ folder, found as Next finds them in the
 * test build (scripts/build-routes.ts): page and route files, with `route.fixture.ts` and
 * `page.bench.tsx` among them.
 */
function appRoutes(): string[] {
  return sourceRoutes("test");
}

/**
 * Every server action in the build, and what it must do for a caller with no session and no
 * valid input: refuse, and change nothing.
 */
const ACTIONS: Record<string, "public" | "member" | "survey"> = {
  "lib/auth/actions.ts#requestSignInLink": "public",
  "lib/auth/actions.ts#signOutAction": "public",
  "lib/auth/actions.ts#signInWithSso": "public",
  "lib/auth/actions.ts#continueWithCompanyAccount": "public",
  "lib/sso/actions.ts#saveSsoSettingsAction": "member",
  "lib/sso/actions.ts#removeSsoSettingsAction": "member",
  "lib/sso/actions.ts#testSsoConnectionAction": "member",
  "lib/sso/actions.ts#checkSsoDomainAction": "member",
  "lib/auth/actions.ts#switchOrganisation": "member",
  "lib/requests/actions.ts#startRequestAction": "member",
  "lib/requests/actions.ts#startPersonalRequestAction": "member",
  "lib/requests/actions.ts#searchDirectoryAction": "member",
  "lib/requests/actions.ts#nominatePersonAction": "member",
  "lib/requests/actions.ts#nominateAllSuggestedAction": "member",
  "lib/requests/actions.ts#nominateExternalAction": "member",
  "lib/requests/actions.ts#removeNominationAction": "member",
  "lib/requests/actions.ts#revokeInvitationAction": "member",
  "lib/requests/actions.ts#resendInvitationAction": "member",
  "lib/requests/actions.ts#submitNominationsAction": "member",
  "lib/requests/actions.ts#remindRatersAction": "member",
  "lib/requests/actions.ts#decideNominationsAction": "member",
  "lib/requests/actions.ts#emailMySurveyLinkAction": "member",
  "lib/pulse/actions.ts#startPulseAction": "member",
  "lib/surveys/actions.ts#openSurveyAction": "public",
  "lib/surveys/actions.ts#saveDraftAction": "survey",
  "lib/surveys/actions.ts#submitSurveyAction": "survey",
  "lib/surveys/actions.ts#declineSurveyAction": "survey",
  "lib/people/actions.ts#previewImportAction": "member",
  "lib/people/actions.ts#applyImportAction": "member",
  "lib/people/actions.ts#addPersonAction": "member",
  "lib/people/actions.ts#editPersonAction": "member",
  "lib/people/actions.ts#setPersonActiveAction": "member",
  "lib/people/actions.ts#setPersonRolesAction": "member",
  "lib/people/actions.ts#erasePersonAction": "member",
  "lib/cycles/actions.ts#saveCycleAction": "member",
  "lib/cycles/actions.ts#launchCycleAction": "member",
  "lib/cycles/actions.ts#remindAllAction": "member",
  "lib/cycles/actions.ts#extendCycleAction": "member",
  "lib/cycles/actions.ts#closeCycleAction": "member",
  "lib/cycles/actions.ts#releaseAllAction": "member",
  "lib/cycles/actions.ts#releaseOneAction": "member",
  "lib/scim/actions.ts#createScimTokenAction": "member",
  "lib/scim/actions.ts#revokeScimTokenAction": "member",
  "lib/plans/actions.ts#setFocusAreasAction": "member",
  "lib/plans/actions.ts#saveFocusNoteAction": "member",
  "lib/plans/actions.ts#addPlanActionAction": "member",
  "lib/plans/actions.ts#setPlanActionStatusAction": "member",
  "lib/plans/actions.ts#removePlanActionAction": "member",
  "lib/plans/actions.ts#shareWithManagerAction": "member",
  "lib/plans/actions.ts#shareWithCoachAction": "member",
  "lib/plans/actions.ts#withdrawShareAction": "member",
};
/** Inline server actions (functions with "use server" inside a page), by file. */
const INLINE_ACTIONS: Record<string, "public" | "member"> = {
  "app/_components/organisation-switcher.tsx": "member",
  "app/(survey)/s/[token]/page.tsx": "public",
};

let m: Matrix;
const contexts = new Map<Role, BrowserContext>();

async function contextFor(browser: Browser, role: Role): Promise<BrowserContext> {
  const context = await browser.newContext();
  const page = await context.newPage();
  if (role === "rater") {
    await page.goto(m.surveyLink);
    await page.getByRole("button", { name: "Start" }).click();
    await expect(page).toHaveURL(/\/survey\//);
  } else if (role !== "signedOut") {
    await signIn(page, m[role].email);
  }
  await page.close();
  return context;
}

async function outcome(request: APIRequestContext, url: string): Promise<Outcome | number> {
  const response = await request.get(url, { maxRedirects: 0 });
  const status = response.status();
  if (status >= 300 && status < 400) {
    const location = response.headers()["location"] ?? "";
    if (location.includes("/sign-in")) return "sign-in";
    if (new URL(location, "http://x").pathname === "/") return "home";
    return status;
  }
  return status;
}

test.describe("authorisation matrix", () => {
  test.describe.configure({ mode: "serial" });
  test.setTimeout(budget(180_000));

  test.beforeAll(async ({ browser, request }) => {
    // A hook's time is its own (the describe's setTimeout does not reach it): each sign-in waits
    // for a deliberately delayed e-mail, so give every role its share, scaled for a busy machine,
    // and sign them in side by side rather than one after the other.
    test.setTimeout(budget(60_000 + 20_000 * ROLES.length));
    m = (await (await request.post("/api/test/fixtures", { data: { scenario: "matrix" } })).json()) as Matrix;
    const signedIn = await Promise.all(ROLES.map(async (role) => [role, await contextFor(browser, role)] as const));
    for (const [role, context] of signedIn) contexts.set(role, context);
  });
  test.afterAll(async () => {
    for (const c of contexts.values()) await c.close();
  });

  test("the table covers every route the app defines", () => {
    expect(Object.keys(ROUTES).sort()).toEqual(appRoutes());
  });

  test("every page, route handler and export answers each kind of caller as the table says", async () => {
    let cells = 0;
    const wrong: string[] = [];
    for (const [route, spec] of Object.entries(ROUTES)) {
      for (const role of ROLES) {
        const got = await outcome(contexts.get(role)!.request, spec.url(m));
        cells++;
        if (got !== spec.expect[role]) wrong.push(`${route} as ${role}: expected ${spec.expect[role]}, got ${got}`);
      }
    }
    recordFigure("authorisation matrix cells", cells);
    expect(wrong).toEqual([]);
  });

  test("every server action is in the table, and refuses a caller without a session, changing nothing", async ({ request }) => {
    const actions = serverActions();
    const missing = actions.filter((a) => !(`${a.filename}#${a.exportedName}` in ACTIONS) && !(a.filename in INLINE_ACTIONS));
    expect(missing.map((a) => `${a.filename}#${a.exportedName}`)).toEqual([]);
    const before = await tableCounts(request, m.organisationId);
    const anonymous = contexts.get("signedOut")!.request;
    for (const a of actions) {
      if (a.exportedName === "signOutAction") continue; // signing out a nobody is a no-op redirect
      const result = await callAction(anonymous, a.filename, a.exportedName, [{}]);
      expect(result.status, `${a.filename}#${a.exportedName}`).toBeLessThan(500);
      expect(result.body, `${a.filename}#${a.exportedName}`).not.toContain('"ok":true');
    }
    recordFigure("server actions called without a session", actions.length - 1);
    expect(await tableCounts(request, m.organisationId)).toEqual(before);
  });

  test("swapping ids for another organisation's or person's gets not-found and changes nothing", async ({ request }) => {
    const before = await tableCounts(request, m.organisationId);
    const as = (role: Role) => contexts.get(role)!.request;
    const attempts: [Role, string, string, unknown][] = [
      ["otherHr", "lib/cycles/actions.ts", "releaseOneAction", { cycleId: m.openCycleId, requestId: m.requestId }],
      ["otherHr", "lib/cycles/actions.ts", "closeCycleAction", { cycleId: m.openCycleId }],
      ["otherHr", "lib/cycles/actions.ts", "launchCycleAction", { cycleId: m.draftCycleId }],
      ["otherHr", "lib/people/actions.ts", "setPersonActiveAction", { personId: m.subject.id, active: false }],
      ["otherHr", "lib/people/actions.ts", "erasePersonAction", { personId: m.subject.id }],
      [
        "otherManager",
        "lib/requests/actions.ts",
        "nominateExternalAction",
        { requestId: m.requestId, name: "Mallory", email: "mallory@evil.test" },
      ],
      ["otherManager", "lib/requests/actions.ts", "revokeInvitationAction", { requestId: m.requestId, invitationId: m.invitationId }],
      ["employee", "lib/requests/actions.ts", "decideNominationsAction", { requestId: m.requestId, decision: "approve", round: 0 }],
      ["employee", "lib/cycles/actions.ts", "closeCycleAction", { cycleId: m.openCycleId }],
      [
        "lineManager",
        "lib/requests/actions.ts",
        "nominateExternalAction",
        { requestId: m.requestId, name: "Planted", email: "planted@evil.test" },
      ],
      ["subject", "lib/cycles/actions.ts", "releaseOneAction", { cycleId: m.openCycleId, requestId: m.requestId }],
      ["rater", "lib/surveys/actions.ts", "declineSurveyAction", { invitationId: m.requestId }],
    ];
    for (const [role, file, name, input] of attempts) {
      const result = await callAction(as(role), file, name, [input]);
      expect(result.body, `${name} as ${role}`).toContain('"ok":false');
      // Refused because of who is asking, not because the input was malformed.
      expect(result.body, `${name} as ${role}`).toMatch(/does not exist|expired or is closed/);
    }
    recordFigure("id-swapping attempts", attempts.length);
    expect(await tableCounts(request, m.organisationId)).toEqual(before);
  });
});
