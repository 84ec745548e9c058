import type { GroupPreview } from "@/lib/report/preview";

const icon = { shown: "✓", pooled: "!", hidden: "✕", attributed: "i" } as const;
const tone = {
  shown: "border-emerald-200 bg-emerald-50 text-emerald-900",
  pooled: "border-amber-200 bg-amber-50 text-amber-900",
  hidden: "border-red-200 bg-red-50 text-red-900",
  attributed: "border-slate-200 bg-slate-50 text-slate-800",
} as const;
const word = { shown: "Shown", pooled: "Pooled only", hidden: "Hidden", attributed: "Not anonymous" } as const;

/** Per group: will its answers be shown, pooled, hidden, or shown with their role? Text, not colour alone. */
export function AnonymityPreview({ preview }: { preview: GroupPreview[] }) {
  if (preview.length === 0) return <p className="text-sm text-slate-600">Add raters to see how their answers would be shown.</p>;
  return (
    <ul className="space-y-2">
      {preview.map((p) => (
        <li key={p.group} className={`flex gap-3 rounded-md border p-3 text-sm ${tone[p.status]}`}>
          <span aria-hidden="true" className="font-bold">
            {icon[p.status]}
          </span>
          <span>
            <span className="font-semibold">{word[p.status]}. </span>
            {p.message}
          </span>
        </li>
      ))}
    </ul>
  );
}
