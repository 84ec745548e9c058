"use client";

import Link from "next/link";
import { useState } from "react";
import { Button, Email, ErrorText, Field, Notice, scrollRegion } from "@/app/_components/ui";
import { useAction } from "@/app/_components/use-action";
import { applyImportAction, previewImportAction } from "@/lib/people/actions";
import type { ImportPreview } from "@/lib/people/import";
import { IMPORT_TOO_LARGE, MAX_IMPORT_BYTES } from "@/lib/people/limits";

const EXAMPLE =
  "name,email,team,line manager's email\nAlex Morgan,alex.morgan@example.com,Product,\nSam Lee,sam.lee@example.com,Product,alex.morgan@example.com";

export function ImportForm() {
  const [csv, setCsv] = useState("");
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [done, setDone] = useState<{ created: number; updated: number } | null>(null);
  // One call at a time: checking and importing share the busy state and the error line.
  const importing = useAction();
  const [step, setStep] = useState<"checking" | "importing">("checking");
  const busy = importing.busy ? step : null;

  function check(text: string) {
    setStep("checking");
    setDone(null);
    return importing.run(() => previewImportAction({ csv: text }), {
      success: setPreview,
      failure: (failure) => {
        setPreview(null);
        importing.say({ tone: "error", text: failure.fieldErrors?.csv?.[0] ?? failure.error });
        return true;
      },
    });
  }

  return (
    <div className="space-y-6">
      <Field id="csv-file" label="CSV file" hint="Exported from a spreadsheet or your HR system, UTF-8.">
        <input
          id="csv-file"
          type="file"
          accept=".csv,text/csv"
          className="block min-h-11 text-sm"
          onChange={async (e) => {
            const file = e.target.files?.[0];
            if (!file) return;
            if (file.size > MAX_IMPORT_BYTES) {
              // Not sent at all: the server would refuse it with the same sentence.
              setCsv("");
              setPreview(null);
              setDone(null);
              importing.say({ tone: "error", text: IMPORT_TOO_LARGE });
              return;
            }
            const text = await file.text();
            setCsv(text);
            await check(text);
          }}
        />
      </Field>
      <Field id="csv-text" label="Or paste the rows" hint={`For example:\n${EXAMPLE.split("\n")[0]}`}>
        <textarea
          id="csv-text"
          rows={6}
          className="block w-full rounded-md border border-slate-400 bg-white px-3 py-2 font-mono text-sm"
          value={csv}
          onChange={(e) => {
            setCsv(e.target.value);
            setPreview(null);
          }}
        />
      </Field>
      <Button type="button" variant="secondary" disabled={!csv.trim() || busy !== null} onClick={() => check(csv)}>
        {busy === "checking" ? "Checking…" : "Check the file"}
      </Button>
      <ErrorText>{importing.outcome?.text}</ErrorText>

      {preview ? (
        <section aria-labelledby="preview-heading" className="space-y-4">
          <h2 id="preview-heading" className="text-lg font-semibold">
            {preview.ok ? "Ready to import" : "Nothing can be imported yet"}
          </h2>
          <p role="status">
            {preview.counts.rows} rows: {preview.counts.create} new, {preview.counts.update} updated, {preview.counts.unchanged} unchanged.
          </p>
          {preview.problems.length > 0 ? (
            <Notice
              tone="danger"
              title={`${preview.problems.length} ${preview.problems.length === 1 ? "problem" : "problems"} to fix in the file`}
            >
              <p>The import is all or nothing: fix these rows and check again.</p>
              <table className="mt-2 w-full text-left">
                <caption className="sr-only">Problems by row</caption>
                <thead>
                  <tr>
                    <th scope="col" className="pr-4">
                      Row
                    </th>
                    <th scope="col" className="pr-4">
                      Column
                    </th>
                    <th scope="col">Problem</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.problems.map((p, i) => (
                    <tr key={i}>
                      <td className="pr-4 tabular-nums">{p.row || "File"}</td>
                      <td className="pr-4">{p.field}</td>
                      <td>{p.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </Notice>
          ) : null}
          {preview.sample.length > 0 ? (
            <div className="overflow-x-auto" {...scrollRegion("The first rows of the file, as read")}>
              <table className="min-w-full text-sm">
                <caption className="text-left text-sm text-slate-600">The first {preview.sample.length} rows, as read</caption>
                <thead className="text-left">
                  <tr>
                    <th scope="col" className="py-1 pr-3">
                      Row
                    </th>
                    <th scope="col" className="py-1 pr-3">
                      Name
                    </th>
                    <th scope="col" className="py-1 pr-3">
                      E-mail
                    </th>
                    <th scope="col" className="py-1 pr-3">
                      Team
                    </th>
                    <th scope="col" className="py-1 pr-3">
                      Line manager
                    </th>
                    <th scope="col" className="py-1">
                      Change
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {preview.sample.map((r) => (
                    <tr key={r.row}>
                      <td className="py-1 pr-3 tabular-nums">{r.row}</td>
                      <td className="py-1 pr-3">{r.name}</td>
                      <td className="py-1 pr-3">
                        <Email address={r.email} />
                      </td>
                      <td className="py-1 pr-3">{r.team}</td>
                      <td className="py-1 pr-3">{r.managerEmail ? <Email address={r.managerEmail} /> : null}</td>
                      <td className="py-1">{r.action === "create" ? "New" : r.action === "update" ? "Updated" : "No change"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          {preview.ok ? (
            <Button
              type="button"
              disabled={busy !== null}
              onClick={() => {
                setStep("importing");
                return importing.run(() => applyImportAction({ csv }), {
                  success: (data) => {
                    setDone(data);
                    setPreview(null);
                  },
                });
              }}
            >
              {busy === "importing"
                ? "Importing…"
                : `Import ${preview.counts.create + preview.counts.update} ${preview.counts.create + preview.counts.update === 1 ? "person" : "people"}`}
            </Button>
          ) : null}
        </section>
      ) : null}
      {done ? (
        <Notice tone="success" title="Imported">
          {done.created} added and {done.updated} updated.{" "}
          <Link href="/people" className="font-semibold underline">
            See the directory
          </Link>
        </Notice>
      ) : null}
    </div>
  );
}
