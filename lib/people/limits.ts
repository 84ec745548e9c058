/** Limits of the directory import, shared by the form (before sending), the schema and the rules. */
export const MAX_IMPORT_ROWS = 5000;
export const MAX_IMPORT_BYTES = 1_000_000;
export const IMPORT_TOO_LARGE = "The file is larger than 1 MB. Split it into smaller files.";
