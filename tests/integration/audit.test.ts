import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { listAudit } from "@/lib/audit";
import { asHr } from "@/lib/auth/permissions";
import { saveDraftCycle } from "@/lib/cycles/admin";
import { addPerson, setPersonRoles } from "@/lib/people/admin";
import { applyImport } from "@/lib/people/import";
import { createOrganisation, createPerson } from "@/tests/fixtures/factories";
import { viewerFor } from "@/tests/fixtures/viewer";
import { cycleForm } from "@/tests/fixtures/cycle-form";

// Issue 21 item 12: the audit log showed "cycle 3f2c1a9b" and "person 7d0e…"; HR reads names.
const UUID = /[0-9a-f]{8}-?[0-9a-f]{4}|[0-9a-f]{8}\b/i;

const form = cycleForm({ name: "Winter round", threshold: 4, commentThreshold: 4 });

describe("audit log", () => {
  it("names what each entry is about, links to it, and shows no raw id", async () => {
    const db = await getDb();
    const org = await createOrganisation(db, "Auditors Ltd");
    const hr = await createPerson(db, org.id, { name: "Helen Hr", roles: ["hr"] });
    const viewer = asHr(await viewerFor(db, org.id, hr.user.id));
    const cycleId = await saveDraftCycle(db, viewer, form);
    const personId = await addPerson(db, viewer, { name: "Bea Boss", email: "bea@audit.test", team: "Ops", managerId: "" });
    await setPersonRoles(db, viewer, personId, { hr: true, manager: false });
    await applyImport(db, viewer, "name,email,team,line manager's email\nCal Clerk,cal@audit.test,Ops,bea@audit.test");

    const { entries } = await listAudit(viewer);
    const about = (action: string) => entries.find((e) => e.action === action)!;
    expect(about("cycle.created").target).toEqual({ label: "Winter round", href: `/cycles/${cycleId}` });
    expect(about("cycle.created").details).toEqual(["Anonymity threshold: 4", "Comment threshold: 4"]);
    expect(about("person.added").target).toEqual({ label: "Bea Boss", href: `/people/${personId}` });
    expect(about("role.granted").details).toEqual(["Role: hr"]);
    expect(about("directory.imported").target).toEqual({ label: org.name });
    expect(about("directory.imported").details).toEqual(["Added: 1", "Updated: 0"]);
    // Ids stay only in links, where a person can follow them; nothing a person reads is an id.
    for (const e of entries) {
      expect(`${e.target?.label.replace(org.name, "") ?? ""} ${e.details.join(" ")}`, e.action).not.toMatch(UUID);
    }
  });
});
