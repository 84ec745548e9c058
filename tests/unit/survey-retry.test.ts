import { describe, expect, it } from "vitest";
import { sendUntilAnswered } from "@/lib/surveys/retry";

type Result = { ok: true; data: string } | { ok: false; error: string; retryable?: true };

/** The survey form's retry while the database is away (issue 19, finding 13). */
describe("sending a survey until it is answered", () => {
  it("retries refusals marked retryable and dropped connections with growing pauses, then returns the answer", async () => {
    const answers: (Result | Error)[] = [
      { ok: false, error: "The database is not reachable right now.", retryable: true },
      new Error("fetch failed"),
      { ok: false, error: "The database is not reachable right now.", retryable: true },
      { ok: true, data: "submitted" },
    ];
    const pauses: number[] = [];
    const waiting: number[] = [];
    let sent = 0;
    const result = await sendUntilAnswered<Result>(
      async () => {
        const next = answers[sent++]!;
        if (next instanceof Error) throw next;
        return next;
      },
      { sleep: async (ms) => void pauses.push(ms), onWaiting: (n) => waiting.push(n), delaysMs: [10, 20, 40] },
    );
    expect(result).toEqual({ ok: true, data: "submitted" });
    expect(sent).toBe(4);
    expect(pauses).toEqual([10, 20, 40]);
    expect(waiting).toEqual([1, 2, 3]);
  });

  it("hands back any other refusal at once (it needs the rater), and stops when the page goes away", async () => {
    let sent = 0;
    const refusal = await sendUntilAnswered<Result>(async () => {
      sent++;
      return { ok: false, error: "Some answers are missing or not valid." };
    });
    expect(refusal).toMatchObject({ ok: false });
    expect(sent).toBe(1);
    const controller = new AbortController();
    const gone = await sendUntilAnswered<Result>(async () => ({ ok: false, error: "away", retryable: true }), {
      sleep: async () => controller.abort(),
      signal: controller.signal,
    });
    expect(gone).toBeNull();
  });
});
