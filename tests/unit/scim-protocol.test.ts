import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { patchOperationsOf } from "@/lib/scim/patch";
import {
  booleanOf,
  ENTERPRISE_SCHEMA,
  equalityFilter,
  errorBody,
  pagingOf,
  PATCH_SCHEMA,
  ScimError,
  USER_SCHEMA,
} from "@/lib/scim/protocol";
import { managerIdOf, toScimUser, userChangeOf, type PersonResourceRow } from "@/lib/scim/user-resource";
import { applyPatch } from "@/lib/scim/users";

const BASE = "https://twofold.example/api/scim/v2";
const person = (over: Partial<PersonResourceRow> = {}): PersonResourceRow => ({
  id: "7d7c9f0e-5b0b-4a43-8d8e-2f3f0e1c2b3a",
  name: "Rita Report",
  email: "rita@example.test",
  externalId: "ext-1",
  active: true,
  team: "Product",
  managerId: "0f3e1b6a-9f51-4c1e-9d2a-4a7b1c2d3e4f",
  createdAt: new Date("2026-11-01T09:00:00Z"),
  updatedAt: new Date("2026-11-02T09:00:00Z"),
  ...over,
});

const scimErrorOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof ScimError) return e;
    throw e;
  }
  throw new Error("no ScimError thrown");
};

describe("filters", () => {
  it('reads attr eq "value" on the allowed attributes, attribute names case-insensitively', () => {
    expect(equalityFilter('userName eq "a@b.test"', ["userName"])).toEqual({ attribute: "userName", value: "a@b.test" });
    expect(equalityFilter('USERNAME eq "a@b.test"', ["userName"])).toEqual({ attribute: "userName", value: "a@b.test" });
    expect(equalityFilter(null, ["userName"])).toBeNull();
    expect(equalityFilter("  ", ["userName"])).toBeNull();
  });

  it("refuses everything else as invalidFilter, never as a silently wider answer", () => {
    for (const f of [
      'userName co "a"',
      'title eq "x"',
      "userName eq",
      'userName eq "a" and active eq true',
      'not (userName eq "a")',
      "x".repeat(1001),
    ]) {
      expect(scimErrorOf(() => equalityFilter(f, ["userName"])).scimType, f).toBe("invalidFilter");
    }
  });

  it("property: any quoted value round-trips through the filter grammar", () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 60 }).filter((s) => !/["\\]/.test(s)),
        (value) => {
          expect(equalityFilter(`externalId eq "${value}"`, ["externalId"])).toEqual({ attribute: "externalId", value });
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("paging (RFC 7644 §3.4.2.4)", () => {
  it("reads startIndex below 1 as 1, a negative count as 0, and caps count", () => {
    expect(pagingOf(new URLSearchParams(""))).toEqual({ startIndex: 1, count: 200 });
    expect(pagingOf(new URLSearchParams("startIndex=0&count=-3"))).toEqual({ startIndex: 1, count: 0 });
    expect(pagingOf(new URLSearchParams("startIndex=5&count=100000"))).toEqual({ startIndex: 5, count: 200 });
    expect(scimErrorOf(() => pagingOf(new URLSearchParams("count=ten"))).scimType).toBe("invalidValue");
  });
});

describe("booleans as identity providers send them", () => {
  it('takes true/false and Entra ID\'s "True"/"False", nothing else', () => {
    expect(booleanOf(false, "active")).toBe(false);
    expect(booleanOf("False", "active")).toBe(false);
    expect(booleanOf("TRUE", "active")).toBe(true);
    for (const v of ["no", 0, 1, null, {}]) expect(scimErrorOf(() => booleanOf(v, "active")).scimType).toBe("invalidValue");
  });
});

describe("users as resources", () => {
  it("writes userName, the work e-mail, the manager and the team, and reads them back unchanged", () => {
    const json = toScimUser(person(), BASE);
    expect(json.userName).toBe("rita@example.test");
    expect(json[ENTERPRISE_SCHEMA]).toEqual({
      manager: { value: person().managerId, $ref: `${BASE}/Users/${person().managerId}` },
      department: "Product",
    });
    expect(json.meta.location).toBe(`${BASE}/Users/${person().id}`);
    expect(userChangeOf(json, "sent")).toEqual({
      email: "rita@example.test",
      name: "Rita Report",
      active: true,
      externalId: "ext-1",
      managerId: person().managerId,
      team: "Product",
    });
  });

  it("normalises userName as the import normalises e-mail and refuses one that is no address", () => {
    const body = { schemas: [USER_SCHEMA], userName: "  Rita@Example.TEST ", displayName: "R" };
    expect(userChangeOf(body, "sent").email).toBe("rita@example.test");
    expect(scimErrorOf(() => userChangeOf({ ...body, userName: "Test_User_ab6490ee" }, "sent")).scimType).toBe("invalidValue");
    expect(scimErrorOf(() => userChangeOf({ userName: "a@b.test" }, "sent")).scimType).toBe("invalidSyntax");
  });

  it("names a person by displayName, else name.formatted, else given and family name", () => {
    const base = { schemas: [USER_SCHEMA], userName: "a@b.test" };
    expect(userChangeOf({ ...base, displayName: "D", name: { formatted: "F" } }, "sent").name).toBe("D");
    expect(userChangeOf({ ...base, name: { formatted: "F", givenName: "G" } }, "sent").name).toBe("F");
    expect(userChangeOf({ ...base, name: { givenName: "Okta", familyName: "Person" } }, "sent").name).toBe("Okta Person");
  });

  it("keeps manager and team when a PUT leaves the extension out, and clears them when a PATCH removed them", () => {
    const sent = userChangeOf({ schemas: [USER_SCHEMA], userName: "a@b.test", displayName: "A" }, "sent");
    expect(sent.managerId).toBeUndefined();
    expect(sent.team).toBeUndefined();
    const patched = applyPatch(toScimUser(person(), BASE), [{ op: "remove", path: `${ENTERPRISE_SCHEMA}:manager` }]);
    const change = userChangeOf(patched, "patched");
    expect(change.managerId).toBeNull();
    expect(change.team).toBe("Product");
  });

  it("reads the manager as Entra ID sends it (a bare id) and as RFC 7643 shapes it ({ value })", () => {
    expect(managerIdOf("abc")).toBe("abc");
    expect(managerIdOf({ value: "abc" })).toBe("abc");
    expect(managerIdOf({ value: "" })).toBeNull();
    expect(managerIdOf(null)).toBeNull();
    expect(scimErrorOf(() => managerIdOf(42)).scimType).toBe("invalidValue");
  });
});

describe("PATCH bodies (RFC 7644 §3.5.2)", () => {
  const body = (...Operations: unknown[]) => ({ schemas: [PATCH_SCHEMA], Operations });

  it("reads Entra ID's capitalised ops and value-less removes, and Okta's path-less replace", () => {
    const entra = patchOperationsOf(
      body(
        { op: "Replace", path: "active", value: "False" },
        { op: "Remove", path: `${ENTERPRISE_SCHEMA}:manager` },
        { op: "Add", path: "displayName", value: "X" },
      ),
    );
    expect(entra.map((o) => o.op)).toEqual(["replace", "remove", "add"]);
    const okta = patchOperationsOf(body({ op: "replace", value: { active: false } }));
    const patched = applyPatch(toScimUser(person(), BASE), okta);
    expect(userChangeOf(patched, "patched").active).toBe(false);
    const emails = applyPatch(
      toScimUser(person(), BASE),
      patchOperationsOf(body({ op: "Replace", path: 'emails[type eq "work"].value', value: "new@x.test" })),
    );
    expect(emails.emails[0]!.value).toBe("new@x.test");
  });

  it("refuses bodies that are not PatchOp, unknown ops, removes without a target and too many operations", () => {
    expect(scimErrorOf(() => patchOperationsOf({ Operations: [{ op: "add", path: "a", value: 1 }] })).scimType).toBe("invalidSyntax");
    expect(scimErrorOf(() => patchOperationsOf(body())).scimType).toBe("invalidSyntax");
    expect(scimErrorOf(() => patchOperationsOf(body({ op: "copy", path: "a" }))).scimType).toBe("invalidSyntax");
    expect(scimErrorOf(() => patchOperationsOf(body({ op: "remove" }))).scimType).toBe("noTarget");
    expect(scimErrorOf(() => patchOperationsOf(body({ op: "add", value: "x" }))).scimType).toBe("invalidValue");
    const many = Array.from({ length: 101 }, () => ({ op: "replace", path: "displayName", value: "x" }));
    expect(scimErrorOf(() => patchOperationsOf(body(...many))).scimType).toBe("tooMany");
  });
});

describe("errors (RFC 7644 §3.12)", () => {
  it("carry the error schema, the status as a string, and scimType only when there is one", () => {
    expect(errorBody(new ScimError(409, "Taken.", "uniqueness"))).toEqual({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
      status: "409",
      scimType: "uniqueness",
      detail: "Taken.",
    });
    expect(errorBody(new ScimError(401, "Authentication failed."))).not.toHaveProperty("scimType");
  });
});
