import { Card } from "@/app/_components/ui";
import { formatDate, formatDateTime } from "@/lib/format";
import type { FocusEvidence } from "@/lib/report/focus";
import type { PlanView } from "@/lib/plans/plans";
import { ActionStatusControl, AddActionForm, NoteForm, RemoveActionButton } from "./plan-controls";

const fmt = (n: number) => n.toFixed(1);
const STATUS_LABEL = { planned: "Planned", doing: "Doing", done: "Done" } as const;

/** The report's own figures for a focus area, each with its n; nothing the report did not publish. */
export function Evidence({ e }: { e: FocusEvidence }) {
  return (
    <dl className="mt-2 grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-4">
      <div>
        <dt className="text-slate-600">Self-rating</dt>
        <dd className="font-semibold">{e.self !== null ? fmt(e.self) : "Not shown"}</dd>
      </div>
      <div>
        <dt className="text-slate-600">Others</dt>
        <dd className="font-semibold">{e.others ? `${fmt(e.others.mean)} (n=${e.others.n})` : "Not shown"}</dd>
      </div>
      <div>
        <dt className="text-slate-600">Gap</dt>
        <dd className="font-semibold">{e.gap !== null ? `${e.gap > 0 ? "+" : ""}${e.gap.toFixed(2)}` : "Not shown"}</dd>
      </div>
      <div>
        <dt className="text-slate-600">Agreement</dt>
        <dd className="font-semibold">{e.agreement ? `${e.agreement.label} (n=${e.agreement.n})` : "Not shown"}</dd>
      </div>
      {e.flag ? (
        <div className="col-span-2 sm:col-span-4">
          <dd className="text-slate-700">
            {e.flag === "blind_spot"
              ? "The report marks this as a blind spot: the self-rating is well above how others see it."
              : "The report marks this as a hidden strength: others see more of it than the self-rating does."}
          </dd>
        </div>
      ) : null}
    </dl>
  );
}

export function PlanBody({ view, requestId, editable }: { view: PlanView; requestId?: string; editable: boolean }) {
  return (
    <>
      {view.focus.map((f) => (
        <Card key={f.id} aria-labelledby={`focus-${f.id}`} className="mt-4">
          <h2 id={`focus-${f.id}`} className="text-lg font-semibold">
            {f.position}. {f.evidence.title}: {f.evidence.poleLabel.toLowerCase()}
          </h2>
          <p className="mt-1 text-sm text-slate-600">Raters were asked how often the person {f.evidence.itemText}</p>
          <Evidence e={f.evidence} />
          {editable && requestId ? (
            <NoteForm
              requestId={requestId}
              focusAreaId={f.id}
              note={f.note ?? ""}
              label={`Why ${f.evidence.title.toLowerCase()}, in your words`}
            />
          ) : f.note ? (
            <p className="mt-3 whitespace-pre-line rounded-md bg-slate-50 p-3 text-sm">{f.note}</p>
          ) : null}
          <h3 className="mt-4 font-semibold">Actions</h3>
          {f.actions.length === 0 ? <p className="mt-1 text-sm text-slate-600">No actions yet.</p> : null}
          <ul className="mt-2 space-y-2">
            {f.actions.map((a) => (
              <li key={a.id} className="rounded-md border border-slate-200 p-3 text-sm">
                <p className="font-semibold">{a.what}</p>
                <p className="mt-1 text-slate-600">
                  {a.dueOn ? `By ${formatDate(a.dueOn)}` : "No date"}
                  {a.helper ? ` · Who can help: ${a.helper}` : ""}
                  {editable ? "" : ` · ${STATUS_LABEL[a.status]}`}
                </p>
                {editable && requestId ? (
                  <div className="mt-2 flex flex-wrap items-end gap-3">
                    <ActionStatusControl requestId={requestId} actionId={a.id} status={a.status} what={a.what} />
                    <RemoveActionButton requestId={requestId} actionId={a.id} what={a.what} />
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
          {editable && requestId ? <AddActionForm requestId={requestId} focusAreaId={f.id} focusTitle={f.evidence.title} /> : null}
          <details className="mt-4 text-sm">
            <summary className="cursor-pointer font-semibold text-accent-700">Ideas to try</summary>
            <ul className="mt-2 list-disc space-y-1 pl-5">
              {f.evidence.ideas.map((idea) => (
                <li key={idea}>{idea}</li>
              ))}
            </ul>
          </details>
        </Card>
      ))}
      <Card aria-labelledby="history-heading" className="mt-4">
        <h2 id="history-heading" className="text-lg font-semibold">
          History
        </h2>
        {view.history.length === 0 ? <p className="mt-1 text-sm text-slate-600">No changes yet.</p> : null}
        <ol className="mt-2 space-y-1 text-sm">
          {view.history.map((h, i) => (
            <li key={i}>
              <span className="text-slate-600">{formatDateTime(h.at)}</span> · {h.text}
            </li>
          ))}
        </ol>
      </Card>
    </>
  );
}
