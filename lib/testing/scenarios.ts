import { z } from "zod";
import { getDb } from "@/lib/db";
import { createSmallOrganisation } from "./factories";

/**
 * Named scenarios the e2e suite can ask the running app to build (POST /api/test/fixtures), because
 * the embedded database belongs to the server process and a browser test cannot write to it.
 * Only reachable when E2E_FIXTURES=true.
 */
export const scenarioSchema = z.object({ scenario: z.enum(["small-organisation"]) }).strict();

export async function buildScenario(input: z.output<typeof scenarioSchema>) {
  const db = await getDb();
  switch (input.scenario) {
    case "small-organisation": {
      const s = await createSmallOrganisation(db);
      return {
        organisationId: s.organisation.id,
        organisationName: s.organisation.name,
        hr: { id: s.hr.id, email: s.hr.email, name: s.hr.name },
        manager: { id: s.manager.id, email: s.manager.email, name: s.manager.name },
        director: { id: s.director.id, email: s.director.email, name: s.director.name },
        reports: s.reports.map((r) => ({ id: r.id, email: r.email, name: r.name })),
      };
    }
  }
}
