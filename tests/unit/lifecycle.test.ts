import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cycleStatus, invitationStatus, requestStatus } from "@/lib/db/schema";
import {
  ANSWERABLE_INVITATION_STATUSES,
  CYCLE_STATUSES,
  FINAL_REQUEST_STATUSES,
  INVITATION_STATUSES,
  isCycleOpen,
  isEarlyRelease,
  isRequestFinal,
  isRequestOpen,
  LAUNCHED_CYCLE_STATUSES,
  mayAnswerInvitation,
  mayAnswerRequest,
  mayChangeAnswers,
  mayChangeRaters,
  mayCloseCycle,
  mayReleaseCycle,
  OPEN_CYCLE_STATUS,
  OPEN_REQUEST_STATUSES,
  REQUEST_STATUSES,
} from "@/lib/lifecycle";
import { migrationStatements, sqlSource, sqlSources } from "../support/sql-sources";

const quoted = (list: readonly string[]) => list.map((s) => `'${s}'`).join(", ");
const closesAt = new Date("2026-12-20T23:59:59Z");

describe("the lifecycle's states", () => {
  it("are the database's enums, in the same order", () => {
    expect([...CYCLE_STATUSES]).toEqual(cycleStatus.enumValues);
    expect([...REQUEST_STATUSES]).toEqual(requestStatus.enumValues);
    expect([...INVITATION_STATUSES]).toEqual(invitationStatus.enumValues);
  });

  it("split every request status into open or final, and every cycle status after draft into launched", () => {
    expect([...OPEN_REQUEST_STATUSES, ...FINAL_REQUEST_STATUSES].sort()).toEqual([...REQUEST_STATUSES].sort());
    for (const status of REQUEST_STATUSES) expect(isRequestOpen({ status })).toBe(!isRequestFinal({ status }));
    expect(LAUNCHED_CYCLE_STATUSES).toEqual(CYCLE_STATUSES.filter((s) => s !== "draft"));
    expect(LAUNCHED_CYCLE_STATUSES).toContain(OPEN_CYCLE_STATUS);
  });
});

describe("may this still be answered?", () => {
  it("is open until the close date, not at it", () => {
    const cycle = { status: "open", closesAt };
    expect(isCycleOpen(cycle, new Date(closesAt.getTime() - 1))).toBe(true);
    expect(isCycleOpen(cycle, closesAt)).toBe(false);
    expect(isCycleOpen({ status: "draft", closesAt }, new Date(0))).toBe(false);
  });

  it("needs an open cycle, an open request and a link that may have reached the rater", () => {
    const at = new Date(closesAt.getTime() - 3600_000);
    fc.assert(
      fc.property(
        fc.constantFrom(...CYCLE_STATUSES),
        fc.constantFrom(...REQUEST_STATUSES),
        fc.constantFrom(...INVITATION_STATUSES),
        fc.boolean(),
        fc.integer({ min: -48, max: 48 }),
        (cycleStatus, requestStatus, invitationStatus, revoked, hours) => {
          const when = new Date(closesAt.getTime() + hours * 3600_000);
          const cycle = { status: cycleStatus, closesAt };
          const request = { status: requestStatus };
          const invitation = { status: invitationStatus, revokedAt: revoked ? at : null };
          const expected =
            cycleStatus === "open" &&
            when < closesAt &&
            requestStatus !== "closed" &&
            requestStatus !== "released" &&
            !revoked &&
            invitationStatus !== "nominated" &&
            invitationStatus !== "awaiting_approval";
          expect(mayAnswerInvitation(cycle, request, invitation, when)).toBe(expected);
          expect(mayChangeAnswers(cycle, request, invitation, when)).toBe(expected);
          // Raters may be changed, and drafts saved, exactly while the request takes answers.
          expect(mayChangeRaters(cycle, request, when)).toBe(mayAnswerRequest(cycle, request, when));
        },
      ),
    );
  });

  it("closes an open cycle only, releases all only once closed, and calls a release before close early", () => {
    expect(CYCLE_STATUSES.filter((status) => mayCloseCycle({ status }))).toEqual(["open"]);
    expect(CYCLE_STATUSES.filter((status) => mayReleaseCycle({ status }))).toEqual(["closed", "released"]);
    expect(REQUEST_STATUSES.filter((status) => isEarlyRelease({ status }))).toEqual([...OPEN_REQUEST_STATUSES]);
  });
});

describe("the SQL functions' source", () => {
  it("uses lib/lifecycle.ts's lists for what may still be answered, and no other status rule", () => {
    const lock = sqlSource("lock_open_request").text;
    expect(lock).toContain(`c.status = '${OPEN_CYCLE_STATUS}' AND c.closes_at > p_at AND r.status IN (${quoted(OPEN_REQUEST_STATUSES)})`);
    const submit = sqlSource("submit_ballot").text;
    expect(submit).toContain("IF NOT lock_open_request(p_request, p_cycle, p_at)");
    expect(submit).toContain(`AND revoked_at IS NULL\n                       AND status IN (${quoted(ANSWERABLE_INVITATION_STATUSES)})`);
    // Every status test in the SQL sources is one of the two above.
    const tests = sqlSources().flatMap((s) => [...s.text.replace(/--.*$/gm, "").matchAll(/\bstatus\s*(=|<>|!=|IN|NOT IN)\s*[('\w]/gi)]);
    expect(tests).toHaveLength(3);
  });

  it("is what the latest migration defining each function installed, word for word", () => {
    const statements = migrationStatements();
    for (const source of sqlSources()) {
      const defining = statements.filter((s) => s.text.includes(`CREATE OR REPLACE FUNCTION ${source.name}(`));
      const latest = defining.at(-1);
      expect(latest, source.file).toBeDefined();
      expect(latest!.text.trim(), `${source.file}: add a migration that installs it (see drizzle/0011)`).toBe(source.text.trim());
    }
  });
});
