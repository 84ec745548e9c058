/**
 * Control characters in text people type or paste. PostgreSQL cannot store NUL in text at all (the
 * statement fails), and the others are invisible, so they have no business in a name or a title.
 * Two rules, chosen per field (issue 19, finding 7):
 * - one-line text (names, titles, items, notes, searches typed by hand) refuses them with a plain
 *   sentence: the person sees the field and can retype it;
 * - comments, which raters write at length and often paste from elsewhere (a PDF, a word processor,
 *   a chat), have them quietly removed, keeping tabs and line breaks: refusing would leave a rater
 *   hunting for a character they cannot see, and nothing they meant to write is lost.
 */

// C0 controls (NUL included) and C1 controls, and DEL. Tab, line feed and carriage return are
// allowed in multi-line text only.
const CONTROL_IN_LINE = /[\u0000-\u001F\u007F-\u009F]/;
const CONTROL_IN_PROSE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

export const CONTROL_CHARACTERS_MESSAGE = "Remove the invisible control characters from this text; they can come with pasted text.";

export function hasControlCharacters(text: string): boolean {
  return CONTROL_IN_LINE.test(text);
}

/** Pasted prose, cleaned: control characters other than tab and line breaks removed. */
export function withoutControlCharacters(text: string): string {
  return text.replace(CONTROL_IN_PROSE, "");
}

/** A zod check for one-line text: refuses control characters with a plain sentence. */
export const noControlCharacters = (text: string) => !hasControlCharacters(text);
export const noControlCharactersError = { error: CONTROL_CHARACTERS_MESSAGE } as const;
