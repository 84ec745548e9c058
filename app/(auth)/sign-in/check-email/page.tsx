import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/app/_components/ui";
import { env } from "@/lib/env";

export const metadata: Metadata = { title: "Check your e-mail" };

export default function CheckEmailPage() {
  const { devOutbox } = env();
  return (
    <Card>
      <h1 className="text-xl font-bold">Check your e-mail</h1>
      <p className="mt-2 text-slate-700">
        If that address belongs to a Twofold account, a sign-in link is on its way. It works once and expires in 15 minutes.
      </p>
      {devOutbox ? (
        <p className="mt-4 rounded-md bg-amber-50 p-3 text-sm text-amber-900">
          Development mode: no mail server is configured, so e-mails land in the{" "}
          <Link href="/dev/mail" className="font-semibold underline">
            dev mailbox
          </Link>
          .
        </p>
      ) : null}
      <p className="mt-4 text-sm">
        <Link href="/sign-in" className="font-semibold text-accent-700 underline">
          Use a different address
        </Link>
      </p>
    </Card>
  );
}
