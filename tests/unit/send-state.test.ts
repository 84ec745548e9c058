import { describe, expect, it } from "vitest";
import { approvalNotice } from "@/lib/requests/send-state";

/** Issue 21, item 11: "before the invitations go out" stood next to "10 invitations sent". */
describe("the approval notice after sending", () => {
  it("says nothing went out only when nothing did", () => {
    expect(approvalNotice("awaiting_approval", { invited: 0, awaitingApproval: 4 })).toEqual({
      title: "Waiting for approval",
      body: "No invitations have gone out yet: your line manager (or HR) approves your raters first. You will hear by e-mail if anything needs changing.",
    });
  });

  it("with invitations out and one rater waiting, says both, with their numbers", () => {
    const notice = approvalNotice("awaiting_approval", { invited: 10, awaitingApproval: 1 })!;
    expect(notice.title).toBe("1 rater waits for approval");
    expect(notice.body).toMatch(
      /^10 invitations have gone out\. The other rater is invited once your line manager \(or HR\) approves them/,
    );
    expect(notice.body).not.toMatch(/before the invitations go out/);
    expect(approvalNotice("collecting", { invited: 1, awaitingApproval: 2 })!.body).toMatch(/^1 invitation has gone out\. The other 2 are/);
  });

  it("says nothing when nobody waits", () => {
    expect(approvalNotice("collecting", { invited: 10, awaitingApproval: 0 })).toBeNull();
    expect(approvalNotice("nominating", { invited: 0, awaitingApproval: 0 })).toBeNull();
  });
});
