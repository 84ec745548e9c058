import { GROUP_LABELS, type GroupProgress } from "@/lib/requests/progress";

/** Counts per rater group. Deliberately no names: progress never says who has responded. */
export function GroupProgressList({ progress }: { progress: GroupProgress[] }) {
  if (progress.length === 0) return <p className="text-sm text-slate-600">No raters invited yet.</p>;
  return (
    <dl className="grid grid-cols-1 gap-2 sm:grid-cols-2">
      {progress.map((p) => {
        const pct = p.invited ? Math.round((p.responded / p.invited) * 100) : 0;
        const label = p.invited === 1 ? GROUP_LABELS[p.group].one : GROUP_LABELS[p.group].many;
        return (
          <div key={p.group} className="rounded-md bg-slate-50 p-2">
            <dt className="text-sm font-semibold">{label}</dt>
            <dd className="text-sm text-slate-700">
              {p.group === "self"
                ? p.responded
                  ? "Self-assessment done"
                  : "Self-assessment not done yet"
                : `${p.responded} of ${p.invited} responded${p.declined ? `, ${p.declined} declined` : ""}`}
              <span className="mt-1 block h-1.5 rounded-full bg-slate-200" aria-hidden="true">
                <span className="block h-1.5 rounded-full bg-accent-700" style={{ width: `${pct}%` }} />
              </span>
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
