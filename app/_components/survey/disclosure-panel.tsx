import { whoSeesWhat } from "@/lib/report/disclosure";
import type { RaterGroup } from "@/lib/report/groups";

export function DisclosurePanel({
  group,
  threshold,
  commentThreshold,
  subjectName,
}: {
  group: RaterGroup;
  threshold: number;
  commentThreshold: number;
  subjectName: string;
}) {
  const d = whoSeesWhat(group, threshold, commentThreshold, subjectName);
  return (
    <section
      aria-labelledby="who-sees-what"
      className={`rounded-lg border p-4 ${d.anonymous ? "border-emerald-200 bg-emerald-50" : "border-amber-200 bg-amber-50"}`}
    >
      <h2 id="who-sees-what" className="font-semibold">
        Who sees what {d.anonymous ? "(anonymous)" : "(not anonymous)"}
      </h2>
      <ul className="mt-2 list-disc space-y-1 pl-5 text-sm">
        {d.points.map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ul>
    </section>
  );
}
