import type { Metadata } from "next";

export const metadata: Metadata = { title: "Feedback closed" };

/** Shown with status 410 for a link whose feedback has closed (see proxy.ts). Says nothing about whose. */
export default function LinkClosedPage() {
  return (
    <div className="mx-auto max-w-lg py-10 text-center">
      <h1 className="text-2xl font-bold">This feedback has closed</h1>
      <p className="mt-2 text-slate-600">The link is no longer collecting answers. Thank you for your time.</p>
    </div>
  );
}
