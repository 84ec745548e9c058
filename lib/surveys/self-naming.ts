/**
 * Does a comment name its own author? Comments are shown word for word to the person rated, so a
 * rater who writes their own name or e-mail address into one gives their anonymity away. Pure, so
 * the survey page can warn before submitting (and tests can check it without a browser).
 *
 * A match is the rater's e-mail address anywhere, or one of their names (first, last or any other
 * part of at least 3 letters) as a whole word, ignoring case and accents ("zoe" matches "Zoë").
 */

export interface Author {
  name: string | null;
  email: string | null;
}

const MIN_NAME_LETTERS = 3;

function fold(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLocaleLowerCase("en-GB");
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The parts of a name worth looking for: whole words of at least 3 letters. */
export function nameParts(name: string | null): string[] {
  if (!name) return [];
  const parts = fold(name)
    .split(/[^\p{L}'’]+/u)
    .map((p) => p.replace(/^['’]+|['’]+$/g, ""))
    .filter((p) => (p.match(/\p{L}/gu)?.length ?? 0) >= MIN_NAME_LETTERS);
  return [...new Set(parts)];
}

/** Whether `text` contains the author's e-mail address or one of their names as a whole word. */
export function namesAuthor(text: string, author: Author): boolean {
  if (!text.trim()) return false;
  const folded = fold(text);
  const email = author.email?.trim();
  if (email && folded.includes(fold(email))) return true;
  return nameParts(author.name).some((part) => new RegExp(`(?<![\\p{L}\\p{N}])${escape(part)}(?![\\p{L}\\p{N}])`, "u").test(folded));
}

/** The comment fields (keys) of a survey's answers that name their author, in the order given. */
export function fieldsNamingAuthor(fields: Record<string, string | undefined>, author: Author): string[] {
  return Object.entries(fields)
    .filter(([, text]) => typeof text === "string" && namesAuthor(text, author))
    .map(([key]) => key);
}
