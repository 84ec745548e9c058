import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { resolveIdentity } from "@/lib/auth/viewer";
import { getDb } from "@/lib/db";
import * as t from "@/lib/db/schema";
import { addPerson, setPersonActive } from "@/lib/people/admin";
import { applyImport } from "@/lib/people/import";
import { createOrganisation, createPerson } from "@/tests/fixtures/factories";
import { viewerFor } from "@/tests/fixtures/viewer";
import { asHr } from "@/lib/auth/permissions";
import { hashToken } from "@/lib/tokens";

/**
 * Issue 19, finding 2: HR of one organisation adds (or imports) an address that already has an
 * account in another, then deactivates it. ADR 6: that never touches the account's sessions,
 * default organisation or access elsewhere.
 */
async function twoOrganisations() {
  const db = await getDb();
  // "Zeta" is the victim's own organisation; the attacker's sorts first by name.
  const home = await createOrganisation(db, "Zeta Home");
  const victim = await createPerson(db, home.id, { name: "Vic Tim", roles: ["hr"] });
  const rival = await createOrganisation(db, "Aardvark Rival");
  const attacker = await createPerson(db, rival.id, { name: "Ada Attacker", roles: ["hr"] });
  const token = `token-${crypto.randomUUID()}`;
  await db.insert(t.sessions).values({ sessionToken: hashToken(token), userId: victim.user.id, expires: new Date(Date.now() + 86400_000) });
  return { db, home, rival, victim, session: hashToken(token), attackerViewer: asHr(await viewerFor(db, rival.id, attacker.user.id)) };
}

describe("accounts across organisations (ADR 6)", () => {
  for (const how of ["addPerson", "the CSV import"] as const) {
    it(`${how}: adding and deactivating someone's address in another organisation leaves them signed in at home`, async () => {
      const { db, home, rival, victim, session, attackerViewer } = await twoOrganisations();
      const before = await resolveIdentity(db, session);
      expect(before!.viewer!.organisation.id).toBe(home.id);

      let personId: string;
      if (how === "addPerson") {
        personId = await addPerson(db, attackerViewer, { name: "Renamed", email: victim.email, team: "", managerId: "" });
      } else {
        await applyImport(db, attackerViewer, `name,email,team,line manager's email\nRenamed,${victim.email},Ops,\n`);
        const [row] = (await db.select().from(t.people).where(eq(t.people.email, victim.email))).filter(
          (p) => p.organisationId === rival.id,
        );
        personId = row!.id;
      }
      // Being added elsewhere does not move the default organisation, the name or the session.
      const added = await resolveIdentity(db, session);
      expect(added!.viewer!.organisation.id).toBe(home.id);
      expect(added!.viewer!.roles).toContain("hr");
      expect(added!.user.name).toBe("Vic Tim");

      await setPersonActive(db, attackerViewer, personId, false);
      // The session is still there and still works at home, with or without the switcher's cookie.
      expect(await db.select().from(t.sessions).where(eq(t.sessions.userId, victim.user.id))).toHaveLength(1);
      for (const preferred of [undefined, rival.id, home.id]) {
        const identity = await resolveIdentity(db, session, preferred);
        expect(identity!.viewer!.organisation.id).toBe(home.id);
        expect(identity!.viewer!.roles).toContain("hr");
        // The organisation that deactivated them is closed to them, and not offered in the switcher.
        expect(identity!.viewer!.organisations.map((o) => o.id)).toEqual([home.id]);
      }
      await expect(viewerFor(db, rival.id, victim.user.id)).rejects.toThrow(/no access/);
    });
  }

  it("deactivation in the only organisation a user is active in still ends their sessions", async () => {
    const { db, home, victim, session } = await twoOrganisations();
    const homeHr = await createPerson(db, home.id, { name: "Hal Hr", roles: ["hr"] });
    await setPersonActive(db, asHr(await viewerFor(db, home.id, homeHr.user.id)), victim.id, false);
    expect(await db.select().from(t.sessions).where(eq(t.sessions.userId, victim.user.id))).toEqual([]);
    expect(await resolveIdentity(db, session)).toBeNull();
  });

  it("a user deactivated at home but active elsewhere keeps their session for the other organisation only", async () => {
    const { db, home, rival, victim, session, attackerViewer } = await twoOrganisations();
    await addPerson(db, attackerViewer, { name: "Vic Tim", email: victim.email, team: "", managerId: "" });
    const homeHr = await createPerson(db, home.id, { name: "Hal Hr", roles: ["hr"] });
    await setPersonActive(db, asHr(await viewerFor(db, home.id, homeHr.user.id)), victim.id, false);
    const identity = await resolveIdentity(db, session, home.id);
    expect(identity!.viewer!.organisation.id).toBe(rival.id);
    expect(identity!.viewer!.roles).toEqual(["employee"]);
  });
});
