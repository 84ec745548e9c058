import type { Metadata } from "next";
import type { ReactNode } from "react";

// Token pages never leak their URL to another site.
export const metadata: Metadata = { referrer: "no-referrer", robots: { index: false, follow: false } };

export default function SurveyLayout({ children }: { children: ReactNode }) {
  return (
    <div className="min-h-dvh">
      <header className="border-b border-slate-200 bg-white">
        <p className="mx-auto max-w-5xl px-4 py-3 text-lg font-bold tracking-tight text-accent-800">Twofold</p>
      </header>
      <main id="main" className="mx-auto max-w-5xl px-4 py-6 sm:py-8">
        {children}
      </main>
    </div>
  );
}
