import { GROUP_LABELS, type ShownProgress } from "@/lib/requests/progress";
import { progressText } from "@/lib/report/progress";

/**
 * Progress per rater group, as lib/report/progress.ts allows it: an anonymous group shows only
 * whether it has enough answers to be shown (reached k), never a count of answers or declines.
 */
export function GroupProgressList({ progress, final = false }: { progress: ShownProgress[]; final?: boolean }) {
  if (progress.length === 0) return <p className="text-sm text-slate-600">No raters invited yet.</p>;
  return (
    <dl className="grid grid-cols-1 gap-2 sm:grid-cols-2">
      {progress.map((p) => {
        const label = p.invited === 1 ? GROUP_LABELS[p.group].one : GROUP_LABELS[p.group].many;
        const reached = p.kind === "anonymous" ? p.enough : p.done;
        return (
          <div key={p.group} className="rounded-md bg-slate-50 p-2">
            <dt className="text-sm font-semibold">{label}</dt>
            <dd className="text-sm text-slate-700">
              {p.group === "self" ? null : <span className="block">{p.invited} invited</span>}
              <span className={`mt-0.5 flex items-center gap-1.5 ${reached ? "font-medium text-emerald-800" : ""}`}>
                <span
                  aria-hidden="true"
                  className={`inline-block h-2.5 w-2.5 shrink-0 rounded-full ${reached ? "bg-emerald-700" : "border border-slate-500 bg-white"}`}
                />
                {progressText(p, final)}
              </span>
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
