import Papa from "papaparse";

/**
 * CSV for people to open in spreadsheets. A text cell that starts like a formula (=, +, -, @)
 * gets a leading apostrophe so it is never run; plain numbers stay numbers.
 */
export function csvCell(v: string | number | undefined | null): string {
  if (v === undefined || v === null) return "";
  const text = String(v);
  if (typeof v === "number" || /^-?\d+(\.\d+)?$/.test(text)) return text;
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export function toCsv(fields: string[], rows: (string | number | undefined | null)[][]): string {
  return Papa.unparse({ fields, data: rows.map((r) => r.map(csvCell)) }, { newline: "\r\n" });
}
