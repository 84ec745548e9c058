import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { csvCell, toCsv } from "@/lib/csv";

/** Splits a CSV line as a spreadsheet in a locale with `delimiter` would, honouring quotes. */
function cellsAs(delimiter: string, csv: string): string[][] {
  return Papa.parse<string[]>(csv, { delimiter, newline: "\r\n" }).data;
}

const live = (cell: string) => /^[=+\-@\t\r]/.test(cell);

describe("CSV escaping (formula injection)", () => {
  it("escapes a formula at the start of a cell", () => {
    expect(csvCell("=1+1")).toBe("'=1+1");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("-5")).toBe("-5");
    expect(csvCell(3.5)).toBe("3.5");
    expect(csvCell("Plain text")).toBe("Plain text");
  });

  it("escapes a formula after a separator, so no locale sees a live formula", () => {
    const attacks = [
      'Fine;=HYPERLINK("http://evil.example","click")',
      "Fine,=1+1",
      "Fine\t=1+1",
      "Fine; @SUM(A1)",
      "Fine|+cmd",
      'Fine";=1+1',
      "Fine\r\n=1+1",
    ];
    for (const text of attacks) {
      const csv = toCsv(["comment"], [[text]]);
      for (const delimiter of [",", ";", "\t", "|"]) {
        const cells = cellsAs(delimiter, csv).flat();
        expect(cells.filter(live), `${JSON.stringify(text)} split on ${JSON.stringify(delimiter)}: ${csv}`).toEqual([]);
      }
      // The text itself survives, behind one apostrophe.
      expect(cellsAs(",", csv)[1]).toEqual([`'${text}`]);
    }
  });

  it("leaves harmless text and numbers as they were", () => {
    const csv = toCsv(["who", "mean", "note"], [["Bo; a good listener", 4, "Not shown"]]);
    expect(csv).toBe("who,mean,note\r\nBo; a good listener,4,Not shown");
  });
});
