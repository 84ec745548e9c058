import { CONTROL_CHARACTERS_MESSAGE, hasControlCharacters } from "@/lib/text/control";
import Papa from "papaparse";
import { z } from "zod";

/**
 * Directory import, the pure part: read the CSV, check every row, plan the changes. Nothing here
 * touches the database, so every rule is unit-tested; lib/people/import.ts applies a clean plan
 * in one transaction (all or nothing).
 */

import { IMPORT_TOO_LARGE, MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from "./limits";

export { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS };

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

type Parsed = { data: Record<string, string>[]; errors: Papa.ParseError[]; fields: string[] };

const tooLarge = (): { rows: DirectoryRow[]; problems: ImportProblem[] } => ({
  rows: [],
  problems: [{ row: 0, field: "file", message: IMPORT_TOO_LARGE }],
});

const PARSE_OPTIONS = { header: true, skipEmptyLines: "greedy" } as const;
const withoutBom = (text: string) => text.replace(/^\uFEFF/, "");

export function parseDirectoryCsv(text: string): { rows: DirectoryRow[]; problems: ImportProblem[] } {
  if (text.length > MAX_IMPORT_BYTES) return tooLarge();
  const parsed = Papa.parse<Record<string, string>>(withoutBom(text), PARSE_OPTIONS);
  return readParsed({ data: parsed.data, errors: parsed.errors, fields: parsed.meta.fields ?? [] });
}

/**
 * {@link parseDirectoryCsv} in slices of 32 KB with a turn of the event loop between them, so reading
 * a 1 MB file never holds the server (the server's way; issue 19, finding 4).
 */
export function parseDirectoryCsvInSlices(text: string): Promise<{ rows: DirectoryRow[]; problems: ImportProblem[] }> {
  if (text.length > MAX_IMPORT_BYTES) return Promise.resolve(tooLarge());
  return new Promise((resolve, reject) => {
    const parsed: Parsed = { data: [], errors: [], fields: [] };
    Papa.parse<Record<string, string>>(withoutBom(text), {
      ...PARSE_OPTIONS,
      chunkSize: 32 * 1024,
      chunk(results: Papa.ParseResult<Record<string, string>>, parser: Papa.Parser) {
        const offset = parsed.data.length; // errors count rows from the start of their slice
        for (const e of results.errors) parsed.errors.push({ ...e, row: e.row === undefined ? undefined : e.row + offset });
        for (const record of results.data) parsed.data.push(record);
        if (!parsed.fields.length) parsed.fields = results.meta.fields ?? [];
        if (parsed.data.length > MAX_IMPORT_ROWS) {
          parser.abort();
          return;
        }
        parser.pause();
        setImmediate(() => parser.resume());
      },
      complete() {
        try {
          resolve(readParsed(parsed));
        } catch (error) {
          reject(error);
        }
      },
      error(error: Error) {
        reject(error);
      },
    });
  });
}

function readParsed(parsed: Parsed): { rows: DirectoryRow[]; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  const fields = parsed.fields;
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

/** Rows checked between two turns of the event loop when validating off the request's critical path. */
export const ROWS_PER_SLICE = 500;

/**
 * Reporting loops in the directory as it would be after the import, in time linear in its size.
 * Everyone has at most one line manager, so the reporting lines form a functional graph: one walk
 * from each person that stops at anyone already seen (colours: unseen, on the current walk, done)
 * visits every person once, and a walk that meets itself has found a loop. Each loop is reported
 * once, on the first row of the file that is part of it, read from that row's person. A person who
 * is their own line manager is reported by the row checks, not here.
 */
export function findReportingLoops(rows: DirectoryRow[], managerOf: Map<string, string | null>): ImportProblem[] {
  const ON_WALK = 1;
  const DONE = 2;
  const colour = new Map<string, number>();
  const rowOf = new Map<string, number>();
  for (const r of rows) if (r.email && !rowOf.has(r.email)) rowOf.set(r.email, r.row);
  const problems: ImportProblem[] = [];
  for (const r of rows) {
    if (!r.email || colour.has(r.email)) continue;
    const walk: string[] = [];
    const position = new Map<string, number>();
    let current: string | null = r.email;
    while (current && !colour.has(current)) {
      colour.set(current, ON_WALK);
      position.set(current, walk.length);
      walk.push(current);
      current = managerOf.get(current) ?? null;
    }
    if (current && colour.get(current) === ON_WALK) {
      const loop = walk.slice(position.get(current)!);
      if (loop.length > 1) {
        let first = -1;
        for (let i = 0; i < loop.length; i++) {
          const row = rowOf.get(loop[i]!);
          if (row !== undefined && (first < 0 || row < rowOf.get(loop[first]!)!)) first = i;
        }
        if (first >= 0) {
          const from = [...loop.slice(first), ...loop.slice(0, first)];
          problems.push({ row: rowOf.get(from[0]!)!, field: "manager", message: `Reporting loop: ${[...from, from[0]].join(" → ")}.` });
        }
      }
    }
    for (const email of walk) colour.set(email, DONE);
  }
  return problems;
}

/**
 * The checks as steps: the generator yields after every ROWS_PER_SLICE rows, so a caller on the
 * server can let the event loop run between slices ({@link validateDirectoryInSlices}) while the
 * unit tests drain it at once ({@link validateDirectory}). Every step is linear in the rows and the
 * directory.
 */
function* validationSteps(
  rows: DirectoryRow[],
  existing: ExistingPerson[],
): Generator<void, { problems: ImportProblem[]; plan: ImportPlanRow[] }> {
  const problems: ImportProblem[] = [];
  const byEmail = new Map(existing.map((p) => [p.email, p]));
  const firstRow = new Map<string, number>();
  const inFile = new Set(rows.map((r) => r.email));

  let done = 0;
  for (const r of rows) {
    if (++done % ROWS_PER_SLICE === 0) yield;
    if (!r.name) problems.push({ row: r.row, field: "name", message: "The name is missing." });
    else if (r.name.length > 120) problems.push({ row: r.row, field: "name", message: "The name is longer than 120 characters." });
    else if (hasControlCharacters(r.name)) problems.push({ row: r.row, field: "name", message: CONTROL_CHARACTERS_MESSAGE });
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
      } else if (!inFile.has(r.managerEmail) && !byEmail.get(r.managerEmail)?.active) {
        problems.push({
          row: r.row,
          field: "manager",
          message: `The line manager ${r.managerEmail} is neither in this file nor in the directory.`,
        });
      }
    }
  }
  yield;

  // Reporting loops, over the directory as it would be after the import.
  const managerOf = new Map<string, string | null>(existing.map((p) => [p.email, p.managerEmail]));
  for (const r of rows) if (r.email) managerOf.set(r.email, r.managerEmail || null);
  problems.push(...findReportingLoops(rows, managerOf));
  yield;

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

/** Check every row against the file and the current directory, and plan creates and updates. */
export function validateDirectory(rows: DirectoryRow[], existing: ExistingPerson[]): { problems: ImportProblem[]; plan: ImportPlanRow[] } {
  const steps = validationSteps(rows, existing);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** {@link validateDirectory}, letting the event loop run between slices of rows (the server's way). */
export async function validateDirectoryInSlices(
  rows: DirectoryRow[],
  existing: ExistingPerson[],
): Promise<{ problems: ImportProblem[]; plan: ImportPlanRow[] }> {
  const steps = validationSteps(rows, existing);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
