import { plural } from "@/lib/format";

/**
 * What the subject's page says about approval once raters were sent, true for each mix of
 * states: "approves your raters before the invitations go out" once stood next to "10
 * invitations sent" when only an external rater was waiting (issue 21). Pure: counts in, words out.
 */
export function approvalNotice(
  status: string,
  counts: { invited: number; awaitingApproval: number },
): { title: string; body: string } | null {
  const { invited, awaitingApproval: waiting } = counts;
  if (waiting === 0) return null;
  const approver = "your line manager (or HR)";
  if (invited === 0) {
    if (status !== "awaiting_approval") return null;
    return {
      title: "Waiting for approval",
      body: `No invitations have gone out yet: ${approver} approves your raters first. You will hear by e-mail if anything needs changing.`,
    };
  }
  return {
    title: `${plural(waiting, "rater waits", "raters wait")} for approval`,
    body: `${plural(invited, "invitation has", "invitations have")} gone out. ${
      waiting === 1 ? "The other rater is" : `The other ${waiting} are`
    } invited once ${approver} approves them; you will hear by e-mail if anything needs changing.`,
  };
}
