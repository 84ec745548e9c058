import type { ReactNode } from "react";

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <main id="main" className="mx-auto flex min-h-dvh max-w-md flex-col justify-center px-4 py-10">
      <p className="mb-6 text-center text-lg font-bold tracking-tight text-accent-800">
        Twofold
        <span className="block text-sm font-normal text-slate-600">Seen as a leader and as a manager</span>
      </p>
      {children}
    </main>
  );
}
