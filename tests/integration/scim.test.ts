import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as Groups from "@/app/api/scim/v2/Groups/route";
import * as Group from "@/app/api/scim/v2/Groups/[id]/route";
import * as ResourceTypes from "@/app/api/scim/v2/ResourceTypes/route";
import * as Schemas from "@/app/api/scim/v2/Schemas/route";
import * as Schema from "@/app/api/scim/v2/Schemas/[id]/route";
import * as Config from "@/app/api/scim/v2/ServiceProviderConfig/route";
import * as Users from "@/app/api/scim/v2/Users/route";
import * as User from "@/app/api/scim/v2/Users/[id]/route";
import { listAudit } from "@/lib/audit";
import { asHr } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db";
import * as t from "@/lib/db/schema";
import { ENTERPRISE_SCHEMA, ERROR_SCHEMA, GROUP_SCHEMA, PATCH_SCHEMA, SCIM_CONTENT_TYPE, USER_SCHEMA } from "@/lib/scim/protocol";
import { keyOf } from "@/lib/rate-limit";
import { SCIM_LIMITS } from "@/lib/scim/route";
import { createScimToken, listScimTokens, revokeScimToken } from "@/lib/scim/tokens";
import { createOrganisation, createPerson } from "@/tests/fixtures/factories";
import { viewerFor } from "@/tests/fixtures/viewer";

/**
 * SCIM 2.0 through the route handlers, with real Request objects against the real database. The
 * request bodies are shaped as Microsoft Entra ID's and Okta's provisioning clients send them in
 * their published documentation (capitalised ops, "False" strings, value-less removes, PATCH
 * without a path, PUT of the whole user).
 */

const BASE = "http://localhost:3999/api/scim/v2";

type Route = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function call(
  route: unknown,
  method: string,
  path: string,
  token: string | null,
  body?: unknown,
  params: Record<string, string> = {},
) {
  const headers: Record<string, string> = { "content-type": SCIM_CONTENT_TYPE };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const response = await (route as Route)(
    new Request(`${BASE}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }),
    { params: Promise.resolve(params) },
  );
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : null };
}

async function organisation(name = "Synced Ltd") {
  const db = await getDb();
  const org = await createOrganisation(db, name);
  const hr = await createPerson(db, org.id, { name: "Harriet Hr", roles: ["hr"] });
  const viewer = asHr(await viewerFor(db, org.id, hr.user.id));
  const { token, id: tokenId } = await createScimToken(db, viewer, "Entra ID");
  return { db, org, hr, viewer, token, tokenId };
}

const entraUser = (userName: string, over: Record<string, unknown> = {}) => ({
  schemas: [USER_SCHEMA, ENTERPRISE_SCHEMA],
  externalId: crypto.randomUUID(),
  userName,
  active: true,
  displayName: "Test User",
  emails: [{ primary: true, type: "work", value: userName }],
  meta: { resourceType: "User" },
  name: { formatted: "Test User", familyName: "User", givenName: "Test" },
  roles: [],
  ...over,
});

const oktaUser = (userName: string, over: Record<string, unknown> = {}) => ({
  schemas: [USER_SCHEMA],
  userName,
  name: { givenName: "Okta", familyName: "Person" },
  emails: [{ primary: true, value: userName, type: "work" }],
  displayName: "Okta Person",
  locale: "en-US",
  externalId: "00ujl29u0le5T6Aj10h7",
  groups: [],
  password: "not-kept-anywhere",
  active: true,
  ...over,
});

const patch = (...Operations: unknown[]) => ({ schemas: [PATCH_SCHEMA], Operations });

describe("SCIM authentication and scope", () => {
  it("answers a missing, wrong or revoked token with the same bare 401, and a good one with data", async () => {
    const { db, viewer, token, tokenId } = await organisation();
    const none = await call(Users.GET, "GET", "/Users", null);
    const wrong = await call(Users.GET, "GET", "/Users", `${token}x`);
    expect(none.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(wrong.json).toEqual(none.json);
    expect(none.json.schemas).toEqual([ERROR_SCHEMA]);
    expect(none.headers.get("content-type")).toBe(SCIM_CONTENT_TYPE);
    expect((await call(Users.GET, "GET", "/Users", token)).status).toBe(200);
    await revokeScimToken(db, viewer, tokenId);
    const revoked = await call(Users.GET, "GET", "/Users", token);
    expect(revoked.status).toBe(401);
    expect(revoked.json).toEqual(none.json);
    // Only the hash is stored; the listing never holds the token.
    const [row] = await db.select().from(t.scimTokens).where(eq(t.scimTokens.id, tokenId));
    expect(row!.tokenHash).not.toContain(token);
    expect(JSON.stringify(await listScimTokens(db, viewer.organisation.id))).not.toContain(token);
  });

  it("never lets one organisation's token reach another's people or teams (404, as for any unknown id)", async () => {
    const a = await organisation("Alpha");
    const b = await organisation("Beta");
    const bUser = await call(Users.POST, "POST", "/Users", b.token, entraUser("bea@beta.test"));
    const bGroup = await call(Groups.POST, "POST", "/Groups", b.token, { schemas: [GROUP_SCHEMA], displayName: "Beta team" });
    const id = bUser.json.id as string;
    for (const [route, method, body] of [
      [User.GET, "GET", undefined],
      [User.PUT, "PUT", entraUser("bea@beta.test", { displayName: "Taken over" })],
      [User.PATCH, "PATCH", patch({ op: "Replace", path: "active", value: "False" })],
      [User.DELETE, "DELETE", undefined],
    ] as const) {
      const r = await call(route, method, `/Users/${id}`, a.token, body, { id });
      expect(r.status, method).toBe(404);
      expect(r.json.schemas).toEqual([ERROR_SCHEMA]);
    }
    const g = await call(Group.GET, "GET", `/Groups/${bGroup.json.id}`, a.token, undefined, { id: bGroup.json.id });
    expect(g.status).toBe(404);
    // Filters and lists are scoped too.
    const list = await call(Users.GET, "GET", `/Users?filter=${encodeURIComponent('userName eq "bea@beta.test"')}`, a.token);
    expect(list.json.totalResults).toBe(0);
    // A's token cannot put B's person in A's team either.
    const aGroup = await call(Groups.POST, "POST", "/Groups", a.token, {
      schemas: [GROUP_SCHEMA],
      displayName: "Alpha team",
      members: [{ value: id }],
    });
    expect(aGroup.status).toBe(400);
    const [bea] = await b.db.select().from(t.people).where(eq(t.people.id, id));
    expect(bea!.active).toBe(true);
    expect(bea!.name).toBe("Test User");
  });
});

describe("SCIM tokens and provenance", () => {
  it("HR of another organisation cannot revoke a token (not found), and nothing changes", async () => {
    const a = await organisation("Alpha");
    const b = await organisation("Beta");
    await expect(revokeScimToken(b.db, b.viewer, a.tokenId)).rejects.toThrow(/does not exist/);
    expect((await call(Users.GET, "GET", "/Users", a.token)).status).toBe(200);
  });

  it("people a token provisions carry its creator as provenance, so a subject who is HR cannot skip approval", async () => {
    const { db, hr, token } = await organisation();
    const created = await call(Users.POST, "POST", "/Users", token, entraUser("planted@synced.test"));
    const [row] = await db.select().from(t.people).where(eq(t.people.id, created.json.id));
    expect(row!.changedByUserId).toBe(hr.user.id);
    expect(row!.changeKind).toBe("provisioned");
    const { changedBySubject } = await import("@/lib/people/provenance");
    expect(changedBySubject(row!, hr.user.id, new Date())).toBe(true);
  });
});

describe("SCIM Users as Entra ID sends them", () => {
  it("creates, finds by userName, sets and removes the line manager, and deactivates with the 'False' string", async () => {
    const { db, org, token } = await organisation();
    const boss = await call(Users.POST, "POST", "/Users", token, entraUser("Boss@Synced.test", { displayName: "Bella Boss" }));
    expect(boss.status).toBe(201);
    expect(boss.headers.get("location")).toBe(`${BASE}/Users/${boss.json.id}`);
    expect(boss.json.userName).toBe("boss@synced.test"); // e-mail normalised as the import does
    const found = await call(Users.GET, "GET", `/Users?filter=${encodeURIComponent('userName eq "BOSS@synced.test"')}`, token);
    expect(found.json.totalResults).toBe(1);
    expect(found.json.Resources[0].id).toBe(boss.json.id);

    const report = await call(Users.POST, "POST", "/Users", token, entraUser("rita@synced.test", { displayName: "Rita Report" }));
    const id = report.json.id as string;
    const manager = await call(
      User.PATCH,
      "PATCH",
      `/Users/${id}`,
      token,
      patch({ op: "Add", path: `${ENTERPRISE_SCHEMA}:manager`, value: boss.json.id }),
      { id },
    );
    expect(manager.status).toBe(200);
    expect(manager.json[ENTERPRISE_SCHEMA].manager.value).toBe(boss.json.id);
    // The manager can now ask for feedback as a manager, as after an import.
    const roles = await db
      .select({ role: t.memberships.role })
      .from(t.memberships)
      .innerJoin(t.people, eq(t.people.userId, t.memberships.userId))
      .where(and(eq(t.people.id, boss.json.id), eq(t.memberships.organisationId, org.id)));
    expect(roles.map((r) => r.role).sort()).toEqual(["employee", "manager"]);

    const renamed = await call(
      User.PATCH,
      "PATCH",
      `/Users/${id}`,
      token,
      patch(
        { op: "Replace", path: 'emails[type eq "work"].value', value: "rita@synced.test" },
        { op: "Replace", path: "displayName", value: "Rita Renamed" },
        { op: "Remove", path: `${ENTERPRISE_SCHEMA}:manager` },
      ),
      { id },
    );
    expect(renamed.status).toBe(200);
    expect(renamed.json.displayName).toBe("Rita Renamed");
    expect(renamed.json[ENTERPRISE_SCHEMA].manager).toBeUndefined();

    const off = await call(User.PATCH, "PATCH", `/Users/${id}`, token, patch({ op: "Replace", path: "active", value: "False" }), { id });
    expect(off.json.active).toBe(false);
    const [row] = await db.select().from(t.people).where(eq(t.people.id, id));
    expect(row!.active).toBe(false);
    expect(row!.changeKind).toBe("provisioned");
  });

  it("refuses a reporting loop and a manager from nowhere with the import's rules, and changes nothing", async () => {
    const { db, token } = await organisation();
    const a = (await call(Users.POST, "POST", "/Users", token, entraUser("a@loop.test", { displayName: "Ann" }))).json.id as string;
    const b = (
      await call(
        Users.POST,
        "POST",
        "/Users",
        token,
        entraUser("b@loop.test", { displayName: "Ben", [ENTERPRISE_SCHEMA]: { manager: { value: a } } }),
      )
    ).json.id as string;
    const c = (
      await call(
        Users.POST,
        "POST",
        "/Users",
        token,
        entraUser("c@loop.test", { displayName: "Cy", [ENTERPRISE_SCHEMA]: { manager: { value: b } } }),
      )
    ).json.id as string;
    const loop = await call(
      User.PATCH,
      "PATCH",
      `/Users/${a}`,
      token,
      patch({ op: "Replace", path: `${ENTERPRISE_SCHEMA}:manager`, value: { value: c } }),
      {
        id: a,
      },
    );
    expect(loop.status).toBe(400);
    expect(loop.json.scimType).toBe("invalidValue");
    expect(loop.json.detail).toMatch(/Reporting loop/);
    const own = await call(
      User.PATCH,
      "PATCH",
      `/Users/${a}`,
      token,
      patch({ op: "Replace", path: `${ENTERPRISE_SCHEMA}:manager`, value: a }),
      { id: a },
    );
    expect(own.json.detail).toMatch(/own line manager/);
    const nowhere = await call(
      User.PATCH,
      "PATCH",
      `/Users/${a}`,
      token,
      patch({ op: "Replace", path: `${ENTERPRISE_SCHEMA}:manager`, value: crypto.randomUUID() }),
      { id: a },
    );
    expect(nowhere.status).toBe(400);
    // A deactivated manager is not a manager (the import's rule: active people only).
    await call(User.DELETE, "DELETE", `/Users/${c}`, token, undefined, { id: c });
    const inactive = await call(
      User.PATCH,
      "PATCH",
      `/Users/${a}`,
      token,
      patch({ op: "Replace", path: `${ENTERPRISE_SCHEMA}:manager`, value: c }),
      { id: a },
    );
    expect(inactive.status).toBe(400);
    const [ann] = await db.select().from(t.people).where(eq(t.people.id, a));
    expect(ann!.lineManagerId).toBeNull();
  });

  it("finds a loop through a long reporting line with one query up the chain", async () => {
    const { db, org, token } = await organisation();
    // A 300-deep line built directly: the check walks it in the database, not one query per step.
    let above: string | null = null;
    const ids: string[] = [];
    for (let i = 0; i < 300; i++) {
      const [row]: { id: string }[] = await db
        .insert(t.people)
        .values({ organisationId: org.id, name: `Level ${i}`, email: `level${i}@deep.test`, lineManagerId: above })
        .returning({ id: t.people.id });
      ids.push(row!.id);
      above = row!.id;
    }
    const top = ids[0]!;
    const bottom = ids[299]!;
    const loop = await call(
      User.PATCH,
      "PATCH",
      `/Users/${top}`,
      token,
      patch({ op: "Replace", path: `${ENTERPRISE_SCHEMA}:manager`, value: bottom }),
      {
        id: top,
      },
    );
    expect(loop.status).toBe(400);
    expect(loop.json.detail).toMatch(/^Reporting loop: level0@deep\.test → level299@deep\.test → /);
    // Under someone outside the line it is fine.
    const outside = (await call(Users.POST, "POST", "/Users", token, entraUser("outside@deep.test"))).json.id as string;
    const ok = await call(
      User.PATCH,
      "PATCH",
      `/Users/${top}`,
      token,
      patch({ op: "Replace", path: `${ENTERPRISE_SCHEMA}:manager`, value: outside }),
      {
        id: top,
      },
    );
    expect(ok.status).toBe(200);
  });

  it("answers duplicates with 409 uniqueness: the same userName, the same externalId", async () => {
    const { token } = await organisation();
    const first = entraUser("dup@synced.test");
    expect((await call(Users.POST, "POST", "/Users", token, first)).status).toBe(201);
    const again = await call(Users.POST, "POST", "/Users", token, entraUser(" DUP@synced.test "));
    expect(again.status).toBe(409);
    expect(again.json.scimType).toBe("uniqueness");
    const sameExternal = await call(Users.POST, "POST", "/Users", token, entraUser("other@synced.test", { externalId: first.externalId }));
    expect(sameExternal.status).toBe(409);
    const second = (await call(Users.POST, "POST", "/Users", token, entraUser("second@synced.test"))).json.id as string;
    const takeOver = await call(
      User.PATCH,
      "PATCH",
      `/Users/${second}`,
      token,
      patch({ op: "Replace", path: "userName", value: "dup@synced.test" }),
      {
        id: second,
      },
    );
    expect(takeOver.status).toBe(409);
  });

  it("DELETE deactivates: answers and history stay, access to this organisation ends, other organisations keep their session", async () => {
    const { db, org, token } = await organisation();
    const other = await createOrganisation(db, "Elsewhere");
    const created = await call(Users.POST, "POST", "/Users", token, entraUser("leaver@synced.test", { displayName: "Lee Leaver" }));
    const id = created.json.id as string;
    const [person] = await db.select().from(t.people).where(eq(t.people.id, id));
    // The same user is also an active member elsewhere, with a live session.
    await db.insert(t.people).values({ organisationId: other.id, name: "Lee Leaver", email: "leaver@synced.test", userId: person!.userId });
    await db.insert(t.memberships).values({ organisationId: other.id, userId: person!.userId!, role: "employee" });
    await db
      .insert(t.sessions)
      .values({ sessionToken: `s-${crypto.randomUUID()}`, userId: person!.userId!, expires: new Date(Date.now() + 3600_000) });

    const gone = await call(User.DELETE, "DELETE", `/Users/${id}`, token, undefined, { id });
    expect(gone.status).toBe(204);
    const viewer = await viewerFor(db, org.id, person!.userId!).catch(() => null);
    expect(viewer?.person ?? null).toBeNull();
    expect(await db.select().from(t.sessions).where(eq(t.sessions.userId, person!.userId!))).toHaveLength(1);
    // Still there, deactivated: GET answers it with active false.
    const after = await call(User.GET, "GET", `/Users/${id}`, token, undefined, { id });
    expect(after.status).toBe(200);
    expect(after.json.active).toBe(false);

    // Without another organisation, the sessions end.
    const solo = await call(Users.POST, "POST", "/Users", token, entraUser("solo@synced.test"));
    const [soloPerson] = await db.select().from(t.people).where(eq(t.people.id, solo.json.id));
    await db
      .insert(t.sessions)
      .values({ sessionToken: `s-${crypto.randomUUID()}`, userId: soloPerson!.userId!, expires: new Date(Date.now() + 3600_000) });
    await call(User.PATCH, "PATCH", `/Users/${solo.json.id}`, token, patch({ op: "Replace", path: "active", value: "False" }), {
      id: solo.json.id,
    });
    expect(await db.select().from(t.sessions).where(eq(t.sessions.userId, soloPerson!.userId!))).toHaveLength(0);
  });
});

describe("SCIM Users as Okta sends them", () => {
  it("creates, finds with paging, replaces with PUT (keeping the unmapped line manager), and deactivates with a path-less PATCH", async () => {
    const { db, token } = await organisation();
    const boss = (await call(Users.POST, "POST", "/Users", token, oktaUser("okta.boss@synced.test", { externalId: "00boss" }))).json
      .id as string;
    const created = await call(Users.POST, "POST", "/Users", token, oktaUser("test.user@synced.test"));
    expect(created.status).toBe(201);
    expect(created.json.displayName).toBe("Okta Person");
    expect(JSON.stringify(created.json)).not.toContain("not-kept-anywhere");
    const id = created.json.id as string;
    await db.update(t.people).set({ lineManagerId: boss }).where(eq(t.people.id, id));

    const q = `/Users?filter=${encodeURIComponent('userName eq "test.user@synced.test"')}&startIndex=1&count=100`;
    const found = await call(Users.GET, "GET", q, token);
    expect(found.json).toMatchObject({ totalResults: 1, startIndex: 1, itemsPerPage: 1 });
    const byExternal = await call(Users.GET, "GET", `/Users?filter=${encodeURIComponent('externalId eq "00ujl29u0le5T6Aj10h7"')}`, token);
    expect(byExternal.json.Resources[0].id).toBe(id);

    const put = await call(
      User.PUT,
      "PUT",
      `/Users/${id}`,
      token,
      { ...oktaUser("test.user@synced.test", { displayName: "Okta Renamed" }), id },
      { id },
    );
    expect(put.status).toBe(200);
    expect(put.json.displayName).toBe("Okta Renamed");
    expect(put.json[ENTERPRISE_SCHEMA].manager.value).toBe(boss);

    const off = await call(User.PATCH, "PATCH", `/Users/${id}`, token, patch({ op: "replace", value: { active: false } }), { id });
    expect(off.status).toBe(200);
    expect(off.json.active).toBe(false);
    const on = await call(User.PUT, "PUT", `/Users/${id}`, token, { ...oktaUser("test.user@synced.test"), id, active: true }, { id });
    expect(on.json.active).toBe(true);
  });
});

describe("SCIM Groups are teams", () => {
  it("creates a group with members, finds it by displayName without members, adds and removes members both ways", async () => {
    const { db, token } = await organisation();
    const u1 = (await call(Users.POST, "POST", "/Users", token, entraUser("g1@synced.test"))).json.id as string;
    const u2 = (await call(Users.POST, "POST", "/Users", token, entraUser("g2@synced.test"))).json.id as string;
    const created = await call(Groups.POST, "POST", "/Groups", token, {
      schemas: [GROUP_SCHEMA],
      displayName: "Product",
      members: [{ value: u1 }],
    });
    expect(created.status).toBe(201);
    const gid = created.json.id as string;
    const found = await call(
      Groups.GET,
      "GET",
      `/Groups?excludedAttributes=members&filter=${encodeURIComponent('displayName eq "Product"')}`,
      token,
    );
    expect(found.json.totalResults).toBe(1);
    expect(found.json.Resources[0].members).toBeUndefined();

    // Entra ID: Add members with a value list; Remove members with a value list.
    expect(
      (
        await call(
          Group.PATCH,
          "PATCH",
          `/Groups/${gid}`,
          token,
          patch({ op: "Add", path: "members", value: [{ $ref: null, value: u2 }] }),
          { id: gid },
        )
      ).status,
    ).toBe(204);
    let group = await call(Group.GET, "GET", `/Groups/${gid}`, token, undefined, { id: gid });
    expect(group.json.members.map((m: { value: string }) => m.value).sort()).toEqual([u1, u2].sort());
    await call(
      Group.PATCH,
      "PATCH",
      `/Groups/${gid}`,
      token,
      patch({ op: "Remove", path: "members", value: [{ $ref: null, value: u1 }] }),
      { id: gid },
    );
    // Okta: remove by filter, rename with a path-less replace that carries the id.
    await call(Group.PATCH, "PATCH", `/Groups/${gid}`, token, patch({ op: "remove", path: `members[value eq "${u2}"]` }), { id: gid });
    await call(
      Group.PATCH,
      "PATCH",
      `/Groups/${gid}`,
      token,
      patch({ op: "replace", value: { id: gid, displayName: "Product and Design" } }),
      { id: gid },
    );
    group = await call(Group.GET, "GET", `/Groups/${gid}`, token, undefined, { id: gid });
    expect(group.json.displayName).toBe("Product and Design");
    expect(group.json.members).toEqual([]);
    const [p1] = await db.select().from(t.people).where(eq(t.people.id, u1));
    expect(p1!.teamId).toBeNull();

    const dup = await call(Groups.POST, "POST", "/Groups", token, { schemas: [GROUP_SCHEMA], displayName: "Product and Design" });
    expect(dup.status).toBe(409);
    expect((await call(Group.DELETE, "DELETE", `/Groups/${gid}`, token, undefined, { id: gid })).status).toBe(204);
    expect((await call(Group.GET, "GET", `/Groups/${gid}`, token, undefined, { id: gid })).status).toBe(404);
  });
});

describe("SCIM compliance checklist (RFC 7644)", () => {
  it("§4: ServiceProviderConfig, ResourceTypes and Schemas are served", async () => {
    const { token } = await organisation();
    const config = await call(Config.GET, "GET", "/ServiceProviderConfig", token);
    expect(config.json).toMatchObject({ patch: { supported: true }, filter: { supported: true }, bulk: { supported: false } });
    const types = await call(ResourceTypes.GET, "GET", "/ResourceTypes", token);
    expect(types.json.Resources.map((r: { id: string }) => r.id)).toEqual(["User", "Group"]);
    const schemas = await call(Schemas.GET, "GET", "/Schemas", token);
    expect(schemas.json.Resources.map((r: { id: string }) => r.id)).toEqual([USER_SCHEMA, ENTERPRISE_SCHEMA, GROUP_SCHEMA]);
  });

  it("a Schema is found by its URN, percent-encoded or not; anything else is a 404", async () => {
    const { token } = await organisation();
    const plain = await call(Schema.GET, "GET", `/Schemas/${USER_SCHEMA}`, token, undefined, { id: USER_SCHEMA });
    expect(plain.json.id).toBe(USER_SCHEMA);
    const encoded = encodeURIComponent(ENTERPRISE_SCHEMA);
    expect((await call(Schema.GET, "GET", `/Schemas/${encoded}`, token, undefined, { id: encoded })).json.id).toBe(ENTERPRISE_SCHEMA);
    expect((await call(Schema.GET, "GET", "/Schemas/x", token, undefined, { id: "%E0%A4%A" })).status).toBe(404);
  });

  it("rate-limits per token like the other public entry points: 429 with Retry-After, in SCIM error JSON", async () => {
    const { db, token, tokenId } = await organisation();
    expect((await call(Users.GET, "GET", "/Users", token)).status).toBe(200);
    // The token's window, as if it had already spent its allowance this minute.
    await db
      .update(t.rateLimits)
      .set({ count: SCIM_LIMITS.perToken.max })
      .where(eq(t.rateLimits.key, keyOf(SCIM_LIMITS.perToken, tokenId)));
    const limited = await call(Users.GET, "GET", "/Users", token);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("60");
    expect(limited.json.schemas).toEqual([ERROR_SCHEMA]);
  });

  it("§3.4.2: a list is a ListResponse; startIndex is 1-based and count pages; count=0 gives only totalResults", async () => {
    const { token } = await organisation();
    for (const n of [1, 2, 3]) await call(Users.POST, "POST", "/Users", token, entraUser(`page${n}@synced.test`));
    const all = await call(Users.GET, "GET", "/Users", token);
    expect(all.json.schemas).toEqual(["urn:ietf:params:scim:api:messages:2.0:ListResponse"]);
    expect(all.json.totalResults).toBe(4); // HR and three synced
    const page = await call(Users.GET, "GET", "/Users?startIndex=2&count=2", token);
    expect(page.json).toMatchObject({ totalResults: 4, startIndex: 2, itemsPerPage: 2 });
    expect(page.json.Resources[0].id).toBe(all.json.Resources[1].id);
    const none = await call(Users.GET, "GET", "/Users?count=0", token);
    expect(none.json).toMatchObject({ totalResults: 4, itemsPerPage: 0, Resources: [] });
  });

  it("§3.4.2.2: an unsupported or unreadable filter is 400 invalidFilter", async () => {
    const { token } = await organisation();
    for (const f of ['userName sw "a"', 'name.familyName eq "x"', "userName eq", 'userName eq "a" or userName eq "b"']) {
      const r = await call(Users.GET, "GET", `/Users?filter=${encodeURIComponent(f)}`, token);
      expect(r.status, f).toBe(400);
      expect(r.json.scimType, f).toBe("invalidFilter");
    }
  });

  it("§3.12: errors are SCIM error JSON with status as a string; bad bodies are invalidSyntax or invalidValue", async () => {
    const { token } = await organisation();
    const noSchema = await call(Users.POST, "POST", "/Users", token, { userName: "x@y.test" });
    expect(noSchema.json).toMatchObject({ schemas: [ERROR_SCHEMA], status: "400", scimType: "invalidSyntax" });
    const notEmail = await call(Users.POST, "POST", "/Users", token, entraUser("Test_User_ab6490ee"));
    expect(notEmail.json.scimType).toBe("invalidValue");
    const longName = await call(Users.POST, "POST", "/Users", token, entraUser("long@synced.test", { displayName: "x".repeat(121) }));
    expect(longName.json.detail).toMatch(/longer than 120/);
    const badOp = await call(Users.POST, "POST", "/Users", token, entraUser("ok@synced.test"));
    const r = await call(User.PATCH, "PATCH", `/Users/${badOp.json.id}`, token, patch({ op: "move", path: "active" }), {
      id: badOp.json.id,
    });
    expect(r.json.scimType).toBe("invalidSyntax");
    const unknown = await call(User.GET, "GET", "/Users/not-an-id", token, undefined, { id: "not-an-id" });
    expect(unknown.json).toMatchObject({ status: "404", schemas: [ERROR_SCHEMA] });
  });

  it("§3.5.2: PATCH applies all operations or none", async () => {
    const { db, token } = await organisation();
    const u = (await call(Users.POST, "POST", "/Users", token, entraUser("atomic@synced.test", { displayName: "Before" }))).json
      .id as string;
    const r = await call(
      User.PATCH,
      "PATCH",
      `/Users/${u}`,
      token,
      patch({ op: "Replace", path: "displayName", value: "After" }, { op: "Replace", path: `${ENTERPRISE_SCHEMA}:manager`, value: u }),
      { id: u },
    );
    expect(r.status).toBe(400);
    const [p] = await db.select().from(t.people).where(eq(t.people.id, u));
    expect(p!.name).toBe("Before");
  });

  it("every change is audited with ids and field names only, attributed to the token's creator", async () => {
    const { viewer, token } = await organisation();
    const u = (await call(Users.POST, "POST", "/Users", token, entraUser("audit@synced.test", { displayName: "Secret Name" }))).json
      .id as string;
    await call(User.PATCH, "PATCH", `/Users/${u}`, token, patch({ op: "Replace", path: "displayName", value: "Another Secret" }), {
      id: u,
    });
    await call(User.DELETE, "DELETE", `/Users/${u}`, token, undefined, { id: u });
    const { entries } = await listAudit(viewer);
    const actions = entries.map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(["scim.token.created", "scim.person.created", "scim.person.updated", "scim.person.deactivated"]),
    );
    const db = await getDb();
    const raw = await db.select().from(t.auditLog).where(eq(t.auditLog.organisationId, viewer.organisation.id));
    expect(JSON.stringify(raw.map((r) => r.details))).not.toMatch(/Secret|audit@synced/);
    expect(raw.filter((r) => r.action.startsWith("scim.person")).every((r) => r.actorUserId === viewer.userId)).toBe(true);
  });
});

describe("SCIM cannot hand HR's rights to an address of its choosing (adversary review)", () => {
  it("refuses to change an HR person's userName, and changes nothing", async () => {
    const { db, org, hr, token } = await organisation("Guarded");
    const before = await db.select().from(t.memberships).where(eq(t.memberships.organisationId, org.id));
    const r = await call(
      User.PATCH,
      "PATCH",
      `/Users/${hr.id}`,
      token,
      patch({ op: "Replace", path: "userName", value: "attacker@evil.test" }),
      {
        id: hr.id,
      },
    );
    expect(r.status).toBe(400);
    expect(r.json.scimType).toBe("mutability");
    const [person] = await db.select().from(t.people).where(eq(t.people.id, hr.id));
    expect(person!.email).toBe(hr.email);
    expect(await db.select().from(t.memberships).where(eq(t.memberships.organisationId, org.id))).toEqual(before);
    expect(await db.select().from(t.users).where(eq(t.users.email, "attacker@evil.test"))).toHaveLength(0);
  });

  it("refuses to reactivate an HR person HR switched off, and changes nothing", async () => {
    const { db, org, token } = await organisation("Reactivate");
    const other = await createPerson(db, org.id, { name: "Otto Otherhr", roles: ["hr"] });
    await db.update(t.people).set({ active: false }).where(eq(t.people.id, other.id));
    const r = await call(User.PATCH, "PATCH", `/Users/${other.id}`, token, patch({ op: "Replace", path: "active", value: true }), {
      id: other.id,
    });
    expect(r.status).toBe(400);
    expect(r.json.scimType).toBe("mutability");
    const [person] = await db.select().from(t.people).where(eq(t.people.id, other.id));
    expect(person!.active).toBe(false);
  });

  it("answers out-of-range paging and over-long ids or departments with a 400, never a server error", async () => {
    const { token } = await organisation("Bounded");
    const far = await call(Users.GET, "GET", "/Users?startIndex=99999999999999999999", token);
    expect(far.status).toBe(200);
    expect(far.json.Resources).toEqual([]);
    const longId = await call(Users.POST, "POST", "/Users", token, entraUser("long@bounded.test", { externalId: "x".repeat(600_000) }));
    expect(longId.status).toBe(400);
    const longTeam = await call(
      Users.POST,
      "POST",
      "/Users",
      token,
      entraUser("team@bounded.test", { "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { department: "d".repeat(100_000) } }),
    );
    expect(longTeam.status).toBe(400);
  });
});

describe("SCIM under concurrency and after HR changes hands (issue 23)", () => {
  it("answers two concurrent POSTs with the same externalId with one 201 and one 409 uniqueness, never a 500", async () => {
    const { db, org, token } = await organisation("Racing Ltd");
    const externalId = crypto.randomUUID();
    // Different userNames, so only the externalId collides: both requests pass their own check
    // before either commits, and meet at the unique index.
    // Six at once, so that on a server Postgres (a pool of connections) some really overlap.
    const answers = await Promise.all(
      [1, 2, 3, 4, 5, 6].map((n) => call(Users.POST, "POST", "/Users", token, entraUser(`racer.${n}@racing.test`, { externalId }))),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    for (const conflict of answers.filter((a) => a.status === 409)) {
      expect(conflict.json).toMatchObject({ schemas: [ERROR_SCHEMA], status: "409", scimType: "uniqueness" });
      expect(conflict.json.detail).toBe("A user with that externalId already exists.");
    }
    const rows = await db
      .select()
      .from(t.people)
      .where(and(eq(t.people.organisationId, org.id), eq(t.people.externalId, externalId)));
    expect(rows).toHaveLength(1);
  });

  it("answers a POST whose externalId another transaction is writing at that moment with 409 uniqueness", async () => {
    const { db, org, token } = await organisation("Racing Held Ltd");
    const externalId = crypto.randomUUID();
    // Deterministic form of the race: another writer holds the externalId in an open transaction
    // when the POST checks (it finds nothing) and inserts (it waits at the index), then commits.
    let answer: Promise<Awaited<ReturnType<typeof call>>> | undefined;
    await db.transaction(async (tx) => {
      await tx.insert(t.people).values({ organisationId: org.id, name: "Held Writer", email: "held.writer@racing.test", externalId });
      answer = call(Users.POST, "POST", "/Users", token, entraUser("late.writer@racing.test", { externalId }));
      await new Promise((resolve) => setTimeout(resolve, 500));
    });
    const late = await answer!;
    expect(late.status).toBe(409);
    expect(late.json).toMatchObject({ schemas: [ERROR_SCHEMA], status: "409", scimType: "uniqueness" });
  });

  it("answers two concurrent POSTs of the same userName with 201 and 409 uniqueness", async () => {
    const { token } = await organisation("Racing Names Ltd");
    const answers = await Promise.all(
      [0, 1].map(() => call(Users.POST, "POST", "/Users", token, entraUser("same.name@racing.test", { externalId: crypto.randomUUID() }))),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
    expect(answers.find((a) => a.status === 409)!.json).toMatchObject({ scimType: "uniqueness" });
  });

  it("stops a token whose creator lost HR, was deactivated or was erased (401, like a revoked one), and the page says so", async () => {
    const { setPersonActive, setPersonRoles } = await import("@/lib/people/admin");
    const { erasePerson } = await import("@/lib/people/privacy");
    for (const loss of ["role removed", "deactivated", "erased"] as const) {
      const { db, org, hr, viewer, token, tokenId } = await organisation(`Handover ${loss} Ltd`);
      const other = await createPerson(db, org.id, { name: "Otto Other", roles: ["hr"] });
      const otherViewer = asHr(await viewerFor(db, org.id, other.user.id));
      expect((await call(Users.GET, "GET", "/Users", token)).status).toBe(200);
      expect((await listScimTokens(db, org.id)).find((x) => x.id === tokenId)!.creatorIsHr).toBe(true);

      if (loss === "role removed") await setPersonRoles(db, otherViewer, hr.id, { hr: false, manager: false });
      if (loss === "deactivated") await setPersonActive(db, otherViewer, hr.id, false);
      if (loss === "erased") await erasePerson(db, otherViewer, hr.id);
      void viewer;

      const refused = await call(Users.GET, "GET", "/Users", token);
      expect(refused.status, loss).toBe(401);
      expect(refused.headers.get("www-authenticate")).toBe('Bearer realm="scim"');
      const written = await call(Users.POST, "POST", "/Users", token, entraUser(`after.${loss.replace(" ", "-")}@synced.test`));
      expect(written.status).toBe(401);
      const listed = (await listScimTokens(db, org.id)).find((x) => x.id === tokenId)!;
      expect(listed).toMatchObject({ revokedAt: null, creatorIsHr: false });

      // A new token from HR who still is HR works.
      const fresh = await createScimToken(db, otherViewer, "Entra ID again");
      expect((await call(Users.GET, "GET", "/Users", fresh.token)).status).toBe(200);
    }
  });
});
