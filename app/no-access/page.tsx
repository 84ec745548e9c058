import type { Metadata } from "next";
import { SignOutButton } from "@/app/_components/sign-out-button";

export const metadata: Metadata = { title: "No access" };

export default function NoAccessPage() {
  return (
    <main id="main" className="mx-auto max-w-lg px-4 py-16 text-center">
      <h1 className="text-2xl font-bold">You are not part of an organisation</h1>
      <p className="mt-2 text-slate-600">
        Your account is not (or is no longer) in any organisation&apos;s directory on Twofold. Ask your HR team to add you.
      </p>
      <div className="mt-6 flex justify-center">
        <SignOutButton />
      </div>
    </main>
  );
}
