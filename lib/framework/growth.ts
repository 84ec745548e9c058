import type { Pole } from "./types";
import { frameworkV1 } from "./v1";

/**
 * Growth ideas for both poles of every difference. v1's own growthTips cover only the leadership
 * pole, and v1 is frozen (launched cycles and a fingerprint test rely on its exact data), so the
 * ideas live here beside it, keyed by difference and pole. The leadership ideas are v1's own; the
 * management ones are new, in the product's words. A good manager needs both poles, so a plan may
 * focus on either.
 */
const managementIdeas: Record<string, string[]> = {
  culture: [
    "Write down how one recurring piece of work is done, step by step, and agree it with the team.",
    "Set two or three targets for the quarter that say what, how much and by when.",
    "Review one routine that causes friction each month and remove a step that no longer earns its place.",
  ],
  strategy: [
    "Turn each goal into named steps, each with one owner and a date.",
    "Check progress against the plan at a fixed time every week and adjust early, not at the deadline.",
    "Make it clear who decides what, so that work does not wait on you.",
  ],
  risk: [
    "Keep a short list of the risks to your team's work, with what you will do if each one happens.",
    "Notice early signs that someone may leave or is struggling, and talk to them before it becomes a problem.",
    "Plan a change in stages, and say in advance how you will tell whether each stage worked.",
  ],
  ideas: [
    "When the team agrees on a direction, break it down the same week into goals, actions and tasks.",
    "Follow one idea all the way through to delivery before starting the next.",
    "After each piece of work, spend ten minutes on what helped and what got in the way of delivering it.",
  ],
  inspiration: [
    "Keep the team's few key goals visible, and link each week's priorities back to them.",
    "Agree with the team how you will work together on a shared goal: who does what, and how you hand over.",
    "Say plainly when priorities change, and what stops so that the new work can start.",
  ],
  motivation: [
    "Agree with each person what done looks like before the work starts.",
    "Hold short, regular check-ins on the work so problems surface while they are still small.",
    "Keep one shared view of who is working on what, and use it to balance the load.",
  ],
  influence: [
    "When you need to give a clear instruction, give the reason with it and check it was understood.",
    "Be consistent: apply the same rules and standards to everyone in the team.",
    "Decide promptly when a decision is yours to make, and say so.",
  ],
  empathy: [
    "Agree a development goal with each person and come back to it in one-to-ones.",
    "Give specific feedback on the work soon after you see it, what went well and what to change.",
    "Find each person one chance this quarter to learn a skill by doing it, with support.",
  ],
};

const ideas: Record<string, Record<Pole, readonly string[]>> = Object.fromEntries(
  frameworkV1.dimensions.map((d) => [d.key, { leadership: d.growthTips, management: managementIdeas[d.key] ?? [] }]),
);

/** Practical ideas for growing one pole of one difference; empty for a key the framework does not know. */
export function growthIdeas(dimensionKey: string, pole: Pole): readonly string[] {
  return ideas[dimensionKey]?.[pole] ?? [];
}
