import { describe, expect, it } from "vitest";
import { parseDirectoryCsv, validateDirectory, type ExistingPerson } from "@/lib/people/import-rules";

const header = "name,email,team,line manager's email\n";

function check(csv: string, existing: ExistingPerson[] = []) {
  const parsed = parseDirectoryCsv(csv);
  const validated = validateDirectory(parsed.rows, existing);
  return { ...validated, problems: [...parsed.problems, ...validated.problems] };
}

describe("directory import rules", () => {
  it("reads the expected columns in any common spelling, trimming and lower-casing e-mails", () => {
    const { rows, problems } = parseDirectoryCsv("\uFEFFFull name,E-mail,Department,Line Manager Email\n Ann Ash , Ann@X.test ,Sales,\n");
    expect(problems).toEqual([]);
    expect(rows).toEqual([{ row: 2, name: "Ann Ash", email: "ann@x.test", team: "Sales", managerEmail: "" }]);
  });

  it("refuses a file without name and email columns", () => {
    expect(parseDirectoryCsv("who,where\na,b\n").problems[0]!.message).toMatch(/first row must name the columns/);
  });

  it("lists every problem with its row number", () => {
    const { problems } = check(
      header +
        [
          "Ann,ann@x.test,Sales,",
          ",bob@x.test,Sales,ann@x.test",
          "Cat,not-an-email,Sales,ann@x.test",
          "Dan,ann@x.test,Ops,",
          "Eve,eve@x.test,Ops,ghost@x.test",
          "Fay,fay@x.test,Ops,fay@x.test",
        ].join("\n"),
    );
    expect(problems.map((p) => [p.row, p.field])).toEqual([
      [3, "name"],
      [4, "email"],
      [5, "email"],
      [6, "manager"],
      [7, "manager"],
    ]);
    expect(problems.find((p) => p.row === 5)!.message).toBe("ann@x.test appears twice (also on row 2).");
    expect(problems.find((p) => p.row === 6)!.message).toMatch(/neither in this file nor in the directory/);
  });

  it("finds reporting loops, including through people already in the directory", () => {
    const inFile = check(header + "A,a@x.test,,b@x.test\nB,b@x.test,,c@x.test\nC,c@x.test,,a@x.test\n");
    expect(inFile.problems).toHaveLength(1);
    expect(inFile.problems[0]!.message).toBe("Reporting loop: a@x.test → b@x.test → c@x.test → a@x.test.");
    const existing: ExistingPerson[] = [{ email: "boss@x.test", name: "Boss", team: null, managerEmail: "new@x.test", active: true }];
    const throughDirectory = check(header + "New,new@x.test,,boss@x.test\n", existing);
    expect(throughDirectory.problems[0]!.message).toMatch(/Reporting loop/);
  });

  it("plans creates, updates and unchanged rows by e-mail", () => {
    const existing: ExistingPerson[] = [
      { email: "ann@x.test", name: "Ann", team: "Sales", managerEmail: null, active: true },
      { email: "bob@x.test", name: "Bob", team: "Sales", managerEmail: "ann@x.test", active: true },
    ];
    const { plan, problems } = check(
      header + "Ann,ann@x.test,Sales,\nBob,bob@x.test,Ops,ann@x.test\nCal,cal@x.test,Ops,bob@x.test\n",
      existing,
    );
    expect(problems).toEqual([]);
    expect(plan.map((p) => p.action)).toEqual(["unchanged", "update", "create"]);
  });

  it("accepts a manager who is only in the directory, not the file", () => {
    const existing: ExistingPerson[] = [{ email: "boss@x.test", name: "Boss", team: null, managerEmail: null, active: true }];
    expect(check(header + "New,new@x.test,Ops,boss@x.test\n", existing).problems).toEqual([]);
  });
});
