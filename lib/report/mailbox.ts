/**
 * One mailbox, however it is written: case and a "+tag" in the local part do not make a second
 * person (`p1+other@x` reaches p1@x), nor do dots in a Gmail address (`a.lice@gmail.com`). Used wherever "is this the same rater?" matters: one person
 * in one group, and the ledger of who was invited to a person's earlier reports.
 */
export function normaliseMailbox(email: string): string {
  const trimmed = email.trim().toLowerCase();
  const at = trimmed.lastIndexOf("@");
  if (at <= 0) return trimmed;
  let local = trimmed.slice(0, at);
  let domain = trimmed.slice(at + 1);
  const plus = local.indexOf("+");
  if (plus > 0) local = local.slice(0, plus);
  // Gmail ignores dots in the local part, and googlemail.com is the same mailbox.
  if (domain === "googlemail.com") domain = "gmail.com";
  if (domain === "gmail.com") local = local.replace(/\./g, "");
  return `${local}@${domain}`;
}
