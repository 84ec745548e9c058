import { notFound } from "next/navigation";
import { connection } from "next/server";
import { benchEnabled } from "@/bench/server";

/**
 * `npm run bench` only (BENCH_FLOOR=true, else 404): the no-database dynamic page that the report
 * page is measured against. Rendered per request (like every page here), inside the root layout,
 * with a little markup and no data.
 */
export default async function BenchFloorPage() {
  await connection();
  if (!benchEnabled()) notFound();
  const now = new Date();
  return (
    <main id="main" className="mx-auto max-w-2xl px-4 py-8">
      <h1 className="text-2xl font-bold">Benchmark floor</h1>
      <p className="mt-2 text-slate-700">A dynamic page with no database, rendered at {now.toISOString()}.</p>
      <ul className="mt-4 list-disc pl-6">
        {["One", "Two", "Three", "Four", "Five"].map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    </main>
  );
}
