import { describe, expect, it } from "vitest";
import { buildQuestionnaire } from "@/lib/framework";
import { draftSchema, emptyValues, fieldName, mergeDrafts, responseSchema, withDefaults } from "@/lib/surveys/schema";
import { whoSeesWhat } from "@/lib/report/disclosure";

const q = buildQuestionnaire(["Lives our values"]);

function filled() {
  const v = emptyValues(q);
  for (const k of Object.keys(v.answers)) v.answers[k] = "3";
  return v;
}

describe("survey schema", () => {
  it("accepts a complete response, with 'not observed' as an answer", () => {
    const v = filled();
    v.answers[fieldName("custom.1")] = "not_observed";
    expect(responseSchema(q).safeParse(v).success).toBe(true);
  });

  it("requires every item on submit, but not in a draft", () => {
    const v = filled();
    v.answers[fieldName("ideas.management")] = "";
    expect(responseSchema(q).safeParse(v).success).toBe(false);
    expect(draftSchema(q).safeParse(v).success).toBe(true);
  });

  it("rejects unknown keys anywhere", () => {
    expect(responseSchema(q).safeParse({ ...filled(), extra: 1 }).success).toBe(false);
    expect(draftSchema(q).safeParse({ ...emptyValues(q), answers: { nope__x: "3" } }).success).toBe(false);
  });

  it("fills partial values and merges two tabs without dropping either", () => {
    const mine = withDefaults(q, { answers: { [fieldName("culture.leadership")]: "5" } });
    const theirs = withDefaults(q, {
      answers: { [fieldName("culture.leadership")]: "1", [fieldName("risk.management")]: "2" },
      develop: "x",
    });
    const merged = mergeDrafts(mine, theirs);
    expect(merged.answers[fieldName("culture.leadership")]).toBe("5");
    expect(merged.answers[fieldName("risk.management")]).toBe("2");
    expect(merged.develop).toBe("x");
  });
});

describe("who sees what", () => {
  it("tells anonymous groups about the threshold and the self and manager groups that they are not anonymous", () => {
    expect(whoSeesWhat("peer", 4, 5, "Sam").points.join(" ")).toMatch(/at least 4 peers/);
    expect(whoSeesWhat("peer", 4, 5, "Sam").points.join(" ")).toMatch(/only if at least 5 peers respond/);
    expect(whoSeesWhat("peer", 4, 5, "Sam").points.join(" ")).toMatch(
      /shown word for word to Sam, so do not write anything that identifies you/,
    );
    expect(whoSeesWhat("manager", 3, 3, "Sam").anonymous).toBe(false);
    expect(whoSeesWhat("self", 3, 3, "Sam").points[0]).toMatch(/not anonymous/);
  });
});
