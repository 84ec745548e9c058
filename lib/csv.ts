import Papa from "papaparse";

/** A formula trigger (=, +, -, @, tab, CR) at the start of what a spreadsheet may read as a cell. */
const FORMULA_START = /^[=+\-@\t\r]/;
/**
 * A formula trigger after anything a spreadsheet may take for a field separator or quote, in any
 * locale (`,` `;` tab `|`, quotes, line breaks), optionally after spaces: `Fine;=HYPERLINK(…)` is
 * two cells, the second a live formula, in a `;`-separated locale.
 */
const FORMULA_AFTER_SEPARATOR = /[,;\t|"'\r\n]\s*[=+\-@]/;

/** True for a text cell a spreadsheet could run as a formula, whatever separator it assumes. */
export function isFormulaRisk(text: string): boolean {
  return FORMULA_START.test(text) || FORMULA_AFTER_SEPARATOR.test(text);
}

/**
 * CSV for people to open in spreadsheets (OWASP, CSV injection). A text cell that starts like a
 * formula, or holds a formula trigger after a separator or quote, gets a leading apostrophe and is
 * always quoted (see {@link toCsv}), so no part of it is run in any locale; plain numbers stay
 * numbers.
 */
export function csvCell(v: string | number | undefined | null): string {
  if (v === undefined || v === null) return "";
  const text = String(v);
  if (typeof v === "number" || /^-?\d+(\.\d+)?$/.test(text)) return text;
  return isFormulaRisk(text) ? `'${text}` : text;
}

export function toCsv(fields: string[], rows: (string | number | undefined | null)[][]): string {
  const safeFields = fields.map(csvCell);
  return Papa.unparse(
    { fields: safeFields, data: rows.map((r) => r.map(csvCell)) },
    {
      newline: "\r\n",
      // Cells escaped above are quoted too, so a reader that splits on `;` or tab keeps them whole.
      quotes: (value: unknown) => typeof value === "string" && value.startsWith("'") && isFormulaRisk(value.slice(1)),
      escapeFormulae: false,
    },
  );
}
