import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { formatDateTime } from "@/lib/format";
import { devOutbox } from "@/lib/mail/transport";
import { env } from "@/lib/env";

export const metadata: Metadata = { title: "Dev mailbox" };

/** Development only: where e-mails go when no SMTP server is configured. Absent in production. */
export default function DevMailPage() {
  if (!env().devOutbox) notFound();
  const messages = devOutbox();
  return (
    <main id="main" className="mx-auto max-w-3xl px-4 py-8">
      <h1 className="text-2xl font-bold">Dev mailbox</h1>
      <p className="mt-1 text-slate-600">
        No SMTP server is configured, so e-mails are kept here (newest first) until the server restarts. This page does not exist in
        production.
      </p>
      {messages.length === 0 ? (
        <p className="mt-6 rounded-md border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">
          No e-mails yet. Ask for a sign-in link, then reload this page.
        </p>
      ) : (
        <ol className="mt-6 space-y-4">
          {messages.map((m) => (
            <li key={m.id} className="rounded-lg border border-slate-200 bg-white p-4">
              <h2 className="font-semibold">{m.subject}</h2>
              <p className="text-sm text-slate-600">
                To {m.to} · {formatDateTime(m.at)}
              </p>
              <pre className="mt-3 whitespace-pre-wrap break-words text-sm">{linkify(m.text)}</pre>
            </li>
          ))}
        </ol>
      )}
    </main>
  );
}

function linkify(text: string) {
  return text.split(/(https?:\/\/\S+)/g).map((part, i) =>
    /^https?:\/\//.test(part) ? (
      <a key={i} href={part} className="font-semibold text-accent-700 underline">
        {part}
      </a>
    ) : (
      part
    ),
  );
}
