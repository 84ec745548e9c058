import { describe, expect, it } from "vitest";
import { fieldsNamingAuthor, nameParts, namesAuthor } from "@/lib/surveys/self-naming";

const ann = { name: "Ann-Marie O'Neill Dubois", email: "ann.dubois@example.test" };

describe("a comment that names its author", () => {
  it("finds the first or last name as a whole word, whatever the case", () => {
    expect(namesAuthor("As DUBOIS, I think the plan was great.", ann)).toBe(true);
    expect(namesAuthor("marie here: keep going", ann)).toBe(true);
    expect(namesAuthor("O'Neill thinks so too", ann)).toBe(true);
  });

  it("finds the e-mail address anywhere", () => {
    expect(namesAuthor("Write to me at Ann.Dubois@example.test if you want", ann)).toBe(true);
  });

  it("ignores names inside other words, and parts shorter than 3 letters", () => {
    expect(namesAuthor("An annual plan, a duboisement", ann)).toBe(false);
    expect(nameParts("Al Li Zhou")).toEqual(["zhou"]);
    expect(namesAuthor("Al said Li was right", { name: "Al Li", email: null })).toBe(false);
    // "Ann" has three letters, so it counts.
    expect(namesAuthor("ann", ann)).toBe(true);
  });

  it("ignores accents both ways", () => {
    expect(namesAuthor("zoe was here", { name: "Zoë Brontë", email: null })).toBe(true);
    expect(namesAuthor("Bronte", { name: "Zoë Brontë", email: null })).toBe(true);
    expect(namesAuthor("José", { name: "Jose Silva", email: null })).toBe(true);
  });

  it("says nothing for empty comments or an author without a name", () => {
    expect(namesAuthor("   ", ann)).toBe(false);
    expect(namesAuthor("Anything", { name: null, email: null })).toBe(false);
    expect(namesAuthor("regex (.*) chars", { name: "(.*)", email: null })).toBe(false);
  });

  it("lists which fields name the author", () => {
    expect(fieldsNamingAuthor({ "comments.vision": "Great work", keep_doing: "Dubois would miss this", develop: "" }, ann)).toEqual([
      "keep_doing",
    ]);
  });
});
