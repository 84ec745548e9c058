import { describe, expect, it } from "vitest";
import {
  MAX_IMPORT_ROWS,
  parseDirectoryCsv,
  parseDirectoryCsvInSlices,
  validateDirectory,
  validateDirectoryInSlices,
  type ExistingPerson,
} from "@/lib/people/import-rules";

const header = "name,email,team,line manager's email";

/** `n` people, each managed by the one before: the deepest chain a file may hold. */
function chain(n: number, closeLoop = false): string {
  const lines = [header];
  for (let i = 0; i < n; i++) {
    const manager = i > 0 ? `p${i - 1}@x.test` : closeLoop ? `p${n - 1}@x.test` : "";
    lines.push(`Person ${i},p${i}@x.test,Team ${i % 40},${manager}`);
  }
  return lines.join("\n");
}

describe("directory import at its largest (issue 19, finding 4)", () => {
  // Today's cubic check needs minutes for this; the linear one needs milliseconds. The test's own
  // time limit (5 s by default) is the only clock: nothing here depends on an idle machine.
  it("checks a 5,000-deep manager chain without finding a loop", () => {
    const parsed = parseDirectoryCsv(chain(MAX_IMPORT_ROWS));
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows).toHaveLength(5000);
    const { problems, plan } = validateDirectory(parsed.rows, []);
    expect(problems).toEqual([]);
    expect(plan.every((p) => p.action === "create")).toBe(true);
  });

  it("finds a 5,000-person loop once, on its first row", () => {
    const { problems } = validateDirectory(parseDirectoryCsv(chain(MAX_IMPORT_ROWS, true)).rows, []);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.row).toBe(2);
    expect(problems[0]!.message.startsWith("Reporting loop: p0@x.test → p4999@x.test → p4998@x.test")).toBe(true);
    expect(problems[0]!.message.endsWith("p1@x.test → p0@x.test.")).toBe(true);
  });

  it("finds a loop closed through the directory at the end of a long chain, and separate loops separately", () => {
    const existing: ExistingPerson[] = [{ email: "boss@x.test", name: "Boss", team: null, managerEmail: "p4000@x.test", active: true }];
    const lines = chain(4001).replace(`Person 0,p0@x.test,Team 0,`, `Person 0,p0@x.test,Team 0,boss@x.test`);
    const extra = ["Xa,xa@x.test,,xb@x.test", "Xb,xb@x.test,,xa@x.test", "Self,self@x.test,,self@x.test"].join("\n");
    const { problems } = validateDirectory(parseDirectoryCsv(`${lines}\n${extra}`).rows, existing);
    expect(problems.map((p) => [p.row, p.message.slice(0, 40)])).toEqual([
      [2, "Reporting loop: p0@x.test → boss@x.test "],
      [4003, "Reporting loop: xa@x.test → xb@x.test → "],
      [4005, "A person cannot be their own line manage"],
    ]);
  });

  it("lets the event loop run between slices while reading and checking on the server", async () => {
    const csv = chain(MAX_IMPORT_ROWS, true);
    let turns = 0;
    let running = true;
    const tick = () => {
      turns++;
      if (running) setImmediate(tick);
    };
    setImmediate(tick);
    const parsed = await parseDirectoryCsvInSlices(csv);
    const afterParse = turns;
    const validated = await validateDirectoryInSlices(parsed.rows, []);
    running = false;
    expect(afterParse).toBeGreaterThanOrEqual(5); // ~230 KB in 32 KB slices
    expect(turns - afterParse).toBeGreaterThanOrEqual(MAX_IMPORT_ROWS / 500);
    // Same answer as the all-at-once version.
    expect(parsed).toEqual(parseDirectoryCsv(csv));
    expect(validated).toEqual(validateDirectory(parseDirectoryCsv(csv).rows, []));
  });

  it("reports a parse error on the right row when it sits in a later slice", async () => {
    const lines = chain(3000).split("\n");
    lines[2500] = 'Bad "quote,b@x.test,,';
    const csv = lines.join("\n");
    expect((await parseDirectoryCsvInSlices(csv)).problems).toEqual(parseDirectoryCsv(csv).problems);
  });

  it("refuses more than 5,000 rows when reading in slices too", async () => {
    const { rows, problems } = await parseDirectoryCsvInSlices(chain(MAX_IMPORT_ROWS + 1));
    expect(rows).toEqual([]);
    expect(problems[0]!.message).toBe("At most 5,000 people per import.");
  });
});
