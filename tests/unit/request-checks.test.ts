import { describe, expect, it } from "vitest";
import { isSitePath, safeRedirect } from "@/lib/auth/redirect";
import { cycleFormSchema } from "@/lib/cycles/schemas";
import { buildQuestionnaire } from "@/lib/framework";
import { pageNumber, searchText } from "@/lib/http/search-params";
import { ACTION_BODY_LIMIT_BYTES } from "@/lib/http/limits";
import { refusePath, refusePost } from "@/lib/http/request-checks";
import { approvalDecisionSchema, nominateExternalSchema, searchDirectorySchema } from "@/lib/requests/schemas";
import { draftSchema, emptyValues, fieldName, responseSchema } from "@/lib/surveys/schema";
import { CONTROL_CHARACTERS_MESSAGE, withoutControlCharacters } from "@/lib/text/control";

/** Issue 19, findings 6 and 7: what the proxy, the pages and the schemas do with unreadable input. */

const action = (body: BodyInit, headers: Record<string, string> = {}) =>
  new Request("http://app.test/requests/x", {
    method: "POST",
    body,
    headers: { host: "app.test", "next-action": "abc", "content-type": "text/plain;charset=UTF-8", ...headers },
  });

describe("server-action bodies the framework cannot read get a 4xx and a sentence", () => {
  it("passes what our scripts send", async () => {
    expect(await refusePost(action(JSON.stringify([{ requestId: "x" }]), { origin: "http://app.test" }))).toBeNull();
    const form = new FormData();
    form.set("0", '["$K1"]');
    form.set("1_name", "Ada");
    expect(
      await refusePost(new Request("http://app.test/", { method: "POST", body: form, headers: { host: "app.test", "next-action": "a" } })),
    ).toBeNull();
  });
  it.each(["null", "123", '"x"', "{}", "{not json", "", '["$@1"]'])("refuses the body %j with a 400", async (body) => {
    expect(await refusePost(action(body))).toMatchObject({ status: 400, error: expect.stringMatching(/^[A-Z].*\.$/) });
  });
  it("refuses bad multipart with a 400", async () => {
    const bad = action('--x\r\nContent-Disposition: form-data; name="0"\r\n\r\nnull', {
      "content-type": "multipart/form-data; boundary=y",
    });
    expect(await refusePost(bad)).toMatchObject({ status: 400 });
    const noRoot = new FormData();
    noRoot.set("1", "x");
    expect(
      await refusePost(
        new Request("http://app.test/", { method: "POST", body: noRoot, headers: { host: "app.test", "next-action": "a" } }),
      ),
    ).toMatchObject({ status: 400 });
  });
  it("refuses more than the limit with a 413, declared or not", async () => {
    const big = JSON.stringify(["x".repeat(ACTION_BODY_LIMIT_BYTES)]);
    expect(await refusePost(action(big))).toMatchObject({ status: 413 });
    const stream = new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode(big));
        c.close();
      },
    });
    expect(
      await refusePost(
        new Request("http://app.test/", {
          method: "POST",
          body: stream,
          duplex: "half",
          headers: { host: "app.test", "next-action": "a" },
        } as RequestInit),
      ),
    ).toMatchObject({ status: 413 });
  });
  it("refuses another site's calls with a 403", async () => {
    for (const origin of ["http://evil.test", "null", "not a url"]) {
      expect(await refusePost(action("[{}]", { origin }))).toMatchObject({ status: 403 });
    }
  });
});

describe("addresses and query strings", () => {
  it("refuses paths that are not valid percent-encoding", () => {
    expect(refusePath("/people/%ZZ")).toMatchObject({ status: 400 });
    expect(refusePath("/s/%E0%A4%A")).toMatchObject({ status: 400 });
    expect(refusePath("/people/%20x")).toBeNull();
  });
  it("reads page numbers and searches safely", () => {
    expect(pageNumber("1e20")).toBe(1);
    expect(pageNumber("99999999999")).toBe(1);
    expect(pageNumber(["3", "4"])).toBe(3);
    expect(pageNumber("-2")).toBe(1);
    expect(pageNumber("12")).toBe(12);
    expect(searchText("a\u0000b")).toBe("ab");
    expect(searchText(["x", "y"])).toBe("x");
    expect(searchText("a".repeat(500))).toHaveLength(100);
  });
  it("sends someone after sign-in only to a path on this site, and home for an address it cannot read", () => {
    const base = "http://app.test";
    expect(safeRedirect("/requests/1", base)).toBe("http://app.test/requests/1");
    expect(safeRedirect("https://evil.test/x", base)).toBe(base);
    expect(safeRedirect("http://[::1", base)).toBe(base);
    expect(safeRedirect("/%ZZ", base)).toBe(base);
    expect(safeRedirect("//evil.test", base)).toBe(base);
    for (const bad of ["http://[::1", "%ZZ", "/%ZZ", "javascript:alert(1)", "//evil.test", "/\\evil.test", "\u0000", "/a\u0000"]) {
      expect(isSitePath(bad), JSON.stringify(bad)).toBe(false);
    }
    expect(isSitePath("/requests/1?x=%20")).toBe(true);
  });
});

describe("control characters in text", () => {
  it("one-line text refuses them with a plain sentence", () => {
    const name = nominateExternalSchema.safeParse({ requestId: crypto.randomUUID(), name: "Eve\u0000", email: "eve@example.test" });
    expect(name.success).toBe(false);
    expect(name.error!.issues[0]!.message).toBe(CONTROL_CHARACTERS_MESSAGE);
    expect(searchDirectorySchema.safeParse({ requestId: crypto.randomUUID(), query: "ab\u0000" }).success).toBe(false);
    const note = approvalDecisionSchema.safeParse({ requestId: crypto.randomUUID(), decision: "reject", round: 0, note: "Fix\u0000 it" });
    expect(note.success).toBe(false);
    expect(
      approvalDecisionSchema.safeParse({ requestId: crypto.randomUUID(), decision: "reject", round: 0, note: "Fix\nit" }).success,
    ).toBe(true);
    const cycle = cycleFormSchema.shape.name.safeParse("Spring\u0007");
    expect(cycle.success).toBe(false);
  });
  it("pasted comments keep tabs and line breaks and lose the rest, so a rater can always save", () => {
    expect(withoutControlCharacters("a\u0000b\tc\r\nd\u001be\u0085")).toBe("ab\tc\r\nde");
    const q = buildQuestionnaire([]);
    const values = emptyValues(q);
    for (const item of q.items) values.answers[fieldName(item.key)] = "3";
    values.keep_doing = "Keep\u0000 going\n";
    values.comments[q.dimensions[0]!.key] = "Pasted\u0000\u000b text";
    const parsed = responseSchema(q).parse(values);
    expect(parsed.keep_doing).toBe("Keep going\n");
    expect(parsed.comments[q.dimensions[0]!.key]).toBe("Pasted text");
    expect(draftSchema(q).parse({ ...values, develop: "\u0000" }).develop).toBe("");
  });
});
