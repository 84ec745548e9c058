import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { getDatabase, getDb } from "@/lib/db";
import { rateLimits, verificationTokens } from "@/lib/db/schema";
import { keyOf, LIMITS } from "@/lib/rate-limit";
import { tableCounts, rowsContaining } from "./probes";
import { loadRaters, matrixScenario, responsesPerInvitation } from "./security";
import { loadRequestFor } from "@/lib/auth/permissions";
import { nominatePerson } from "@/lib/requests/nominations";
import { submitNominations } from "@/lib/requests/sending";
import { ensureRequest } from "@/lib/requests/start";
import { closeCycle, releaseCycle } from "@/lib/reports/release";
import { createCycle, createOrganisation, createPerson, createSmallOrganisation } from "./factories";
import { answerCycle, createAnsweredRequest } from "./requests";
import { viewerFor } from "./viewer";

/**
 * Named scenarios the e2e suite can ask the running app to build (POST /api/test/fixtures), because
 * the embedded database belongs to the server process and a browser test cannot write to it.
 * Only reachable when E2E_FIXTURES=true. Every scenario builds a new organisation.
 */
export const scenarioSchema = z.union([
  z
    .object({ scenario: z.enum(["small-organisation", "open-cycle", "invited-rater", "released-report-two-peers", "hr-only", "matrix"]) })
    .strict(),
  z.object({ scenario: z.literal("table-counts"), organisationId: z.uuid() }).strict(),
  z.object({ scenario: z.literal("responses-per-invitation"), requestId: z.uuid() }).strict(),
  // Everyone in a launched cycle chooses raters and every rater answers.
  z.object({ scenario: z.literal("answer-cycle"), cycleId: z.uuid() }).strict(),
  // Security probes: is a string stored anywhere; how long does a sign-in link live.
  z.object({ scenario: z.literal("rows-containing"), needle: z.string().min(8).max(200) }).strict(),
  z.object({ scenario: z.literal("sign-in-link-expiry"), email: z.string().max(254) }).strict(),
  // How many requests a rate limit has counted for one value (an IP address, an e-mail address).
  z
    .object({ scenario: z.literal("rate-limit-count"), limit: z.enum(["signInPerIp", "signInPerAddress"]), value: z.string().max(254) })
    .strict(),
  // Raters with live survey sessions, for load tests.
  z.object({ scenario: z.literal("load-raters"), count: z.number().int().min(1).max(500) }).strict(),
]);

const person = (p: { id: string; email: string; name: string }) => ({ id: p.id, email: p.email, name: p.name });

export async function buildScenario(input: z.output<typeof scenarioSchema>) {
  const db = await getDb();
  if (input.scenario === "answer-cycle") return answerCycle(db, input.cycleId);
  if (input.scenario === "table-counts") return tableCounts(await getDatabase(), input.organisationId);
  if (input.scenario === "rows-containing") return { rows: await rowsContaining(await getDatabase(), input.needle) };
  if (input.scenario === "sign-in-link-expiry") {
    const [row] = await db
      .select({ expires: sql<string>`max(${verificationTokens.expires})` })
      .from(verificationTokens)
      .where(eq(verificationTokens.identifier, input.email.toLowerCase()));
    return { expires: row?.expires ?? null };
  }
  if (input.scenario === "rate-limit-count") {
    const [row] = await db
      .select({ count: rateLimits.count })
      .from(rateLimits)
      .where(eq(rateLimits.key, keyOf(LIMITS[input.limit], input.value)));
    return { count: row?.count ?? 0 };
  }
  if (input.scenario === "load-raters") return loadRaters(db, input.count);
  if (input.scenario === "responses-per-invitation") return responsesPerInvitation(db, input.requestId);
  if (input.scenario === "matrix") return matrixScenario(db);
  if (input.scenario === "hr-only") {
    const org = await createOrganisation(db, "Imported Ltd");
    const hr = await createPerson(db, org.id, { name: "Helen Hr", roles: ["hr"] });
    return { organisationId: org.id, organisationName: org.name, suffix: org.suffix, hr: person(hr) };
  }
  if (input.scenario === "released-report-two-peers") {
    // Self, line manager, 2 peers (under k = 3) and 3 direct reports answered; closed and released.
    const s = await createAnsweredRequest(db, { self: true, manager: true, peers: 2, reports: 3, score: 4 });
    await closeCycle(db, s.org.organisation.id, s.cycle.id);
    await releaseCycle(db, { userId: null, organisation: { id: s.org.organisation.id } }, s.cycle.id);
    return {
      organisationId: s.org.organisation.id,
      requestId: s.requestId,
      manager: person(s.org.manager),
      hr: person(s.org.hr),
      director: person(s.org.director),
    };
  }
  const s = await createSmallOrganisation(db);
  const base = {
    organisationId: s.organisation.id,
    organisationName: s.organisation.name,
    hr: person(s.hr),
    manager: person(s.manager),
    director: person(s.director),
    reports: s.reports.map(person),
    peers: s.peers.map(person),
  };
  if (input.scenario === "small-organisation") return base;

  const cycle = await createCycle(db, s.organisation.id, { name: "Winter 360", threshold: 3, commentThreshold: 3 });
  if (input.scenario === "open-cycle") return { ...base, cycle: { id: cycle.id, name: cycle.name } };

  // invited-rater: the manager's request with one direct report invited, by real SMTP.
  const requestId = await ensureRequest(db, s.organisation.id, cycle.id, s.manager);
  const viewer = await viewerFor(db, s.organisation.id, s.manager.user.id);
  let ctx = await loadRequestFor(viewer, requestId, "manage", db);
  await nominatePerson(db, ctx, { personId: s.reports[0]!.id, group: "direct_report" });
  ctx = await loadRequestFor(viewer, requestId, "manage", db);
  await submitNominations(db, ctx, true);
  return { ...base, cycle: { id: cycle.id, name: cycle.name }, requestId, rater: person(s.reports[0]!) };
}
