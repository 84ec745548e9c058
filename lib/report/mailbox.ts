/**
 * One mailbox, however it is written: case and a "+tag" in the local part do not make a second
 * person (`p1+other@x` reaches p1@x). Used wherever "is this the same rater?" matters: one person
 * in one group, and the ledger of who was invited to a person's earlier reports.
 */
export function normaliseMailbox(email: string): string {
  const trimmed = email.trim().toLowerCase();
  const at = trimmed.lastIndexOf("@");
  if (at <= 0) return trimmed;
  const local = trimmed.slice(0, at);
  const plus = local.indexOf("+");
  return `${plus > 0 ? local.slice(0, plus) : local}${trimmed.slice(at)}`;
}
