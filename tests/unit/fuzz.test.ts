import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { signInSchema, switchOrganisationSchema } from "@/lib/auth/schemas";
import { cycleFormSchema, cycleRefSchema, releaseOneSchema, saveCycleSchema } from "@/lib/cycles/schemas";
import { buildQuestionnaire } from "@/lib/framework";
import { parseDirectoryCsv, validateDirectory } from "@/lib/people/import-rules";
import { addPersonSchema, editPersonSchema, importSchema, personActiveSchema, personRolesSchema } from "@/lib/people/schemas";
import {
  approvalDecisionSchema,
  invitationRefSchema,
  nominateExternalSchema,
  nominatePersonSchema,
  personalRequestSchema,
  requestRefSchema,
  searchDirectorySchema,
  startRequestSchema,
  submitNominationsSchema,
} from "@/lib/requests/schemas";
import { declineInput, draftSchema, emptyValues, openSurveyInput, responseSchema, saveDraftInput, submitInput } from "@/lib/surveys/schema";
import { recordFigure } from "../support/figures";
import { hostileObject, hostileValue, megabyte } from "../support/hostile";

/**
 * Every form and action schema meets hostile input: it must never throw, never accept a value
 * outside its bounds, and never let an unknown key through. At least 10,000 cases in all.
 */
const questionnaire = buildQuestionnaire(["Acts on our values"]);
const schemas: [string, z.ZodType, string[]][] = [
  ["sign-in", signInSchema, ["email"]],
  ["switch organisation", switchOrganisationSchema, ["organisationId"]],
  [
    "cycle form",
    cycleFormSchema,
    [
      "name",
      "opensOn",
      "closesOn",
      "threshold",
      "commentThreshold",
      "requiresApproval",
      "limits",
      "scopeMode",
      "teamIds",
      "customItems",
      "shareWithLineManager",
      "shareWithHr",
    ],
  ],
  ["save cycle", saveCycleSchema, ["cycleId", "form"]],
  ["cycle ref", cycleRefSchema, ["cycleId"]],
  ["release one", releaseOneSchema, ["cycleId", "requestId"]],
  ["add person", addPersonSchema, ["name", "email", "team", "managerId"]],
  ["edit person", editPersonSchema, ["personId", "name", "team", "managerId"]],
  ["person active", personActiveSchema, ["personId", "active"]],
  ["person roles", personRolesSchema, ["personId", "hr", "manager"]],
  ["import", importSchema, ["csv"]],
  ["nominate person", nominatePersonSchema, ["requestId", "personId", "group"]],
  ["nominate external", nominateExternalSchema, ["requestId", "name", "email"]],
  ["invitation ref", invitationRefSchema, ["requestId", "invitationId"]],
  ["request ref", requestRefSchema, ["requestId"]],
  ["submit nominations", submitNominationsSchema, ["requestId", "confirmUnderThreshold"]],
  ["search directory", searchDirectorySchema, ["requestId", "query"]],
  ["start request", startRequestSchema, ["cycleId"]],
  ["personal request", personalRequestSchema, ["closesOn"]],
  ["approval", approvalDecisionSchema, ["requestId", "decision", "round", "note"]],
  ["open survey", openSurveyInput, ["token"]],
  ["save draft", saveDraftInput, ["target", "baseVersion", "values"]],
  ["submit survey", submitInput, ["target", "mode", "values"]],
  ["decline", declineInput, ["invitationId", "reason"]],
  ["survey response", responseSchema(questionnaire), ["answers", "comments", "keep_doing", "develop"]],
  ["survey draft", draftSchema(questionnaire), ["answers", "comments", "keep_doing", "develop"]],
];

let cases = 0;
afterAll(() => recordFigure("fuzz cases (schemas and parsers)", cases));

/** Walk a parsed value: every string is bounded and every object only holds known keys. */
function assertBounded(value: unknown, known: Set<string> | null, depth = 0): void {
  if (typeof value === "string") expect(value.length).toBeLessThanOrEqual(1_000_000);
  if (typeof value === "number") expect(Number.isFinite(value)).toBe(true);
  if (value && typeof value === "object" && depth === 0 && known) {
    for (const key of Object.keys(value)) expect(known.has(key), `unexpected key ${key}`).toBe(true);
  }
  if (value && typeof value === "object")
    for (const v of Object.values(value)) if (typeof v !== "object" || depth < 3) assertBounded(v, null, depth + 1);
}

describe("fuzzing every schema with hostile input", () => {
  for (const [name, schema, keys] of schemas) {
    it(`${name}: never throws, never lets anything out of bounds through`, () => {
      const known = new Set(keys);
      fc.assert(
        fc.property(fc.oneof(hostileObject(keys), hostileValue), (input) => {
          cases++;
          const result = schema.safeParse(input);
          if (result.success) assertBounded(result.data, known);
        }),
        { numRuns: 400 },
      );
    });
  }

  it("rejects a megabyte in any text field", () => {
    for (const [name, schema, keys] of schemas) {
      for (const key of keys) {
        cases++;
        const result = schema.safeParse({ [key]: megabyte });
        expect(result.success, `${name}.${key}`).toBe(false);
      }
    }
  });

  it("never accepts a control character the database cannot store (NUL) in any text field", () => {
    // The import's CSV is parsed and checked row by row (lib/people/import-rules.ts), not here.
    const owned = schemas.filter(([name]) => name !== "import");
    const nasty = fc.constantFrom("\u0000", "a\u0000b", "\u0000".repeat(5), "Ada\u0007", "x\u001b[31m");
    for (const [name, schema, keys] of owned) {
      for (const key of keys) {
        fc.assert(
          fc.property(nasty, (text) => {
            cases++;
            const result = schema.safeParse({ [key]: text });
            if (result.success) expect(JSON.stringify(result.data), `${name}.${key}`).not.toContain("\\u0000");
          }),
          { numRuns: 5 },
        );
      }
    }
    const q = questionnaire;
    const comments = fc.record({ keep_doing: fc.string().map((s) => `${s}\u0000${s}`), develop: fc.string() });
    fc.assert(
      fc.property(comments, (values) => {
        cases++;
        const result = draftSchema(q).safeParse({ ...emptyValues(q), ...values });
        expect(result.success).toBe(true);
        expect(JSON.stringify(result.success && result.data)).not.toContain("\\u0000");
      }),
      { numRuns: 300 },
    );
  });

  it("the directory CSV reader survives any text", () => {
    const cell = fc.oneof(fc.string(), fc.constantFrom(",", '"', "\n", "\r\n", "'=1+1"));
    const csv = fc.array(fc.array(cell, { maxLength: 6 }), { maxLength: 20 }).map((rows) => rows.map((r) => r.join(",")).join("\n"));
    fc.assert(
      fc.property(fc.oneof(fc.string(), csv), (text) => {
        cases++;
        const parsed = parseDirectoryCsv(`name,email,team,manager\n${text}`);
        validateDirectory(parsed.rows, []);
      }),
      { numRuns: 1500 },
    );
  });
});
