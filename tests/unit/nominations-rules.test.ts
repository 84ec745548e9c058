import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { changedBySubject, provenanceReason, provenanceWindowStart } from "@/lib/people/provenance";
import { normaliseMailbox } from "@/lib/report/mailbox";

const localPart = fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,15}$/);
const domain = fc.stringMatching(/^[a-z0-9-]{1,10}\.[a-z]{2,5}$/);
const tag = fc.stringMatching(/^[a-z0-9._+-]{0,10}$/);

describe("normaliseMailbox", () => {
  it("ignores case and a +tag in the local part", () => {
    expect(normaliseMailbox("p1+other@x.test")).toBe("p1@x.test");
    expect(normaliseMailbox("P1@X.Test")).toBe("p1@x.test");
    expect(normaliseMailbox(" Sam.Okafor+Feedback+2@Example.COM ")).toBe("sam.okafor@example.com");
    expect(normaliseMailbox("sam@example.com")).toBe("sam@example.com");
    // Gmail ignores dots, and googlemail.com is gmail.com (the adversary's alias of one mailbox).
    expect(normaliseMailbox("A.Lice@googlemail.com")).toBe(normaliseMailbox("alice@gmail.com"));
    expect(normaliseMailbox("a.lice@example.com")).not.toBe(normaliseMailbox("alice@example.com"));
  });

  it("keeps different mailboxes apart", () => {
    expect(normaliseMailbox("p1@x.test")).not.toBe(normaliseMailbox("p2@x.test"));
    expect(normaliseMailbox("p1@x.test")).not.toBe(normaliseMailbox("p1@y.test"));
    // A plus sign in the domain is not a tag.
    expect(normaliseMailbox("p1@x+y.test")).toBe("p1@x+y.test");
  });

  it("property: any case and any +tag of an address reach the same mailbox as the address; the result is a fixed point", () => {
    fc.assert(
      fc.property(localPart, domain, tag, fc.array(fc.boolean(), { maxLength: 40 }), (local, dom, t, upper) => {
        const base = `${local}@${dom}`;
        const tagged = `${local}+${t}@${dom}`;
        const shouted = [...tagged].map((c, i) => (upper[i % Math.max(upper.length, 1)] ? c.toUpperCase() : c)).join("");
        expect(normaliseMailbox(tagged)).toBe(normaliseMailbox(base));
        expect(normaliseMailbox(shouted)).toBe(normaliseMailbox(base));
        expect(normaliseMailbox(normaliseMailbox(shouted))).toBe(normaliseMailbox(shouted));
      }),
      { numRuns: 500 },
    );
  });

  it("property: two addresses with different local parts before any tag never collide", () => {
    fc.assert(
      fc.property(localPart, localPart, domain, tag, (a, b, dom, t) => {
        fc.pre(a.split("+")[0] !== b.split("+")[0]);
        expect(normaliseMailbox(`${a}+${t}@${dom}`)).not.toBe(normaliseMailbox(`${b}@${dom}`));
      }),
      { numRuns: 500 },
    );
  });
});

describe("directory provenance", () => {
  const opensAt = new Date("2026-11-01T09:00:00Z");
  const entry = (by: string | null, at: Date | null) => ({ changedByUserId: by, changedAt: at, changeKind: "added" as const });

  it("flags an entry the subject's own user changed from 30 days before the cycle opened", () => {
    expect(provenanceWindowStart(opensAt).toISOString()).toBe("2026-10-02T09:00:00.000Z");
    expect(changedBySubject(entry("u-subject", new Date("2026-11-10T00:00:00Z")), "u-subject", opensAt)).toBe(true);
    expect(changedBySubject(entry("u-subject", new Date("2026-10-02T09:00:00Z")), "u-subject", opensAt)).toBe(true);
    expect(changedBySubject(entry("u-subject", new Date("2026-10-02T08:59:59Z")), "u-subject", opensAt)).toBe(false);
  });

  it("does not flag entries changed by someone else, nobody, or for a subject without an account", () => {
    const at = new Date("2026-11-10T00:00:00Z");
    expect(changedBySubject(entry("u-other", at), "u-subject", opensAt)).toBe(false);
    expect(changedBySubject(entry(null, null), "u-subject", opensAt)).toBe(false);
    expect(changedBySubject(entry("u-subject", at), null, opensAt)).toBe(false);
  });

  it("says why in plain en-GB", () => {
    expect(provenanceReason(entry("u", new Date("2026-12-03T10:00:00Z")), "Max Manager")).toBe(
      "Added to the directory by Max Manager on 3 December 2026.",
    );
    expect(provenanceReason({ changedByUserId: "u", changedAt: new Date("2026-12-03T10:00:00Z"), changeKind: "reactivated" }, "Max")).toBe(
      "Reactivated in the directory by Max on 3 December 2026.",
    );
  });
});
