import Papa from "papaparse";
import { z } from "zod";

/**
 * Directory import, the pure part: read the CSV, check every row, plan the changes. Nothing here
 * touches the database, so every rule is unit-tested; lib/people/import.ts applies a clean plan
 * in one transaction (all or nothing).
 */

export const MAX_IMPORT_ROWS = 5000;
export const MAX_IMPORT_BYTES = 1_000_000;

export interface DirectoryRow {
  /** Row number as a spreadsheet shows it (the header is row 1). */
  row: number;
  name: string;
  email: string;
  team: string;
  managerEmail: string;
}

export interface ImportProblem {
  row: number;
  field: "file" | "name" | "email" | "team" | "manager";
  message: string;
}

export interface ExistingPerson {
  email: string;
  name: string;
  team: string | null;
  managerEmail: string | null;
  active: boolean;
}

export interface ImportPlanRow extends DirectoryRow {
  action: "create" | "update" | "unchanged";
}

const HEADERS: Record<string, keyof Omit<DirectoryRow, "row">> = {
  name: "name",
  fullname: "name",
  email: "email",
  emailaddress: "email",
  workemail: "email",
  team: "team",
  department: "team",
  manager: "managerEmail",
  manageremail: "managerEmail",
  linemanager: "managerEmail",
  linemanageremail: "managerEmail",
  linemanagersemail: "managerEmail",
};

const normaliseHeader = (h: string) => h.toLowerCase().replace(/[^a-z]/g, "");
const emailCheck = z.email();

export function parseDirectoryCsv(text: string): { rows: DirectoryRow[]; problems: ImportProblem[] } {
  if (text.length > MAX_IMPORT_BYTES) {
    return { rows: [], problems: [{ row: 0, field: "file", message: "The file is larger than 1 MB. Split it into smaller files." }] };
  }
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ""), { header: true, skipEmptyLines: "greedy" });
  const problems: ImportProblem[] = [];
  const fields = parsed.meta.fields ?? [];
  const mapping = new Map<string, keyof Omit<DirectoryRow, "row">>();
  for (const f of fields) {
    const known = HEADERS[normaliseHeader(f)];
    if (known && ![...mapping.values()].includes(known)) mapping.set(f, known);
  }
  const has = (k: keyof Omit<DirectoryRow, "row">) => [...mapping.values()].includes(k);
  if (!has("name") || !has("email")) {
    return {
      rows: [],
      problems: [
        {
          row: 1,
          field: "file",
          message: "The first row must name the columns: name, email, team, line manager's email (team and manager may be empty).",
        },
      ],
    };
  }
  if (parsed.data.length > MAX_IMPORT_ROWS) {
    return {
      rows: [],
      problems: [{ row: 0, field: "file", message: `At most ${MAX_IMPORT_ROWS.toLocaleString("en-GB")} people per import.` }],
    };
  }
  for (const e of parsed.errors) {
    if (e.code === "TooFewFields" || e.code === "TooManyFields") continue; // handled per row below
    problems.push({ row: (e.row ?? 0) + 2, field: "file", message: `The file could not be read here: ${e.message}.` });
  }
  const rows = parsed.data.map((record, i) => {
    const row: DirectoryRow = { row: i + 2, name: "", email: "", team: "", managerEmail: "" };
    for (const [field, key] of mapping) row[key] = (record[field] ?? "").trim();
    row.email = row.email.toLowerCase();
    row.managerEmail = row.managerEmail.toLowerCase();
    return row;
  });
  return { rows, problems };
}

/** Check every row against the file and the current directory, and plan creates and updates. */
export function validateDirectory(rows: DirectoryRow[], existing: ExistingPerson[]): { problems: ImportProblem[]; plan: ImportPlanRow[] } {
  const problems: ImportProblem[] = [];
  const byEmail = new Map(existing.map((p) => [p.email, p]));
  const firstRow = new Map<string, number>();

  for (const r of rows) {
    if (!r.name) problems.push({ row: r.row, field: "name", message: "The name is missing." });
    else if (r.name.length > 120) problems.push({ row: r.row, field: "name", message: "The name is longer than 120 characters." });
    if (!r.email) problems.push({ row: r.row, field: "email", message: "The e-mail address is missing." });
    else if (!emailCheck.safeParse(r.email).success)
      problems.push({ row: r.row, field: "email", message: `"${r.email}" is not a valid e-mail address.` });
    else if (firstRow.has(r.email))
      problems.push({ row: r.row, field: "email", message: `${r.email} appears twice (also on row ${firstRow.get(r.email)}).` });
    else firstRow.set(r.email, r.row);
    if (r.team.length > 80) problems.push({ row: r.row, field: "team", message: "The team name is longer than 80 characters." });
    if (r.managerEmail) {
      if (!emailCheck.safeParse(r.managerEmail).success) {
        problems.push({ row: r.row, field: "manager", message: `"${r.managerEmail}" is not a valid e-mail address.` });
      } else if (r.managerEmail === r.email) {
        problems.push({ row: r.row, field: "manager", message: "A person cannot be their own line manager." });
      } else if (!firstRow.has(r.managerEmail) && !rows.some((x) => x.email === r.managerEmail) && !byEmail.get(r.managerEmail)?.active) {
        problems.push({
          row: r.row,
          field: "manager",
          message: `The line manager ${r.managerEmail} is neither in this file nor in the directory.`,
        });
      }
    }
  }

  // Reporting loops, over the directory as it would be after the import.
  const managerOf = new Map<string, string | null>(existing.map((p) => [p.email, p.managerEmail]));
  for (const r of rows) if (r.email) managerOf.set(r.email, r.managerEmail || null);
  const reported = new Set<string>();
  for (const r of rows) {
    if (!r.email || r.managerEmail === r.email) continue;
    const chain = [r.email];
    let current = managerOf.get(r.email) ?? null;
    while (current && chain.length <= managerOf.size) {
      if (current === r.email) {
        const key = [...chain].sort().join(",");
        if (!reported.has(key)) {
          reported.add(key);
          problems.push({ row: r.row, field: "manager", message: `Reporting loop: ${[...chain, r.email].join(" → ")}.` });
        }
        break;
      }
      if (chain.includes(current)) break; // a loop further up, reported from its own rows
      chain.push(current);
      current = managerOf.get(current) ?? null;
    }
  }

  problems.sort((a, b) => a.row - b.row);
  const plan: ImportPlanRow[] = rows.map((r) => {
    const before = byEmail.get(r.email);
    if (!before) return { ...r, action: "create" };
    const same =
      before.name === r.name && (before.team ?? "") === r.team && (before.managerEmail ?? "") === r.managerEmail && before.active;
    return { ...r, action: same ? "unchanged" : "update" };
  });
  return { problems, plan };
}
