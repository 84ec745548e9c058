/**
 * Which mailbox an address reaches, as far as Twofold can tell without asking the mail server:
 * case does not matter, and a "+tag" in the local part is delivered to the same mailbox
 * ("Sam.Okafor+x@Example.com" and "sam.okafor@example.com" are one person). Pure.
 */
export function normaliseMailbox(email: string): string {
  const trimmed = email.trim().toLowerCase();
  const at = trimmed.lastIndexOf("@");
  if (at < 0) return trimmed.split("+")[0]!;
  const local = trimmed.slice(0, at);
  const domain = trimmed.slice(at + 1);
  const plus = local.indexOf("+");
  // "+tag" with nothing before it is not a tag: keep such an odd address whole.
  const base = plus > 0 ? local.slice(0, plus) : local;
  return `${base}@${domain}`;
}

/** "sam+x@example.com" and "sam@example.com" reach the same mailbox. */
export function sameMailbox(a: string, b: string): boolean {
  return normaliseMailbox(a) === normaliseMailbox(b);
}
