import { benchEnabled, notFoundResponse } from "@/bench/server";

/**
 * `npm run bench` only (BENCH_FLOOR=true, else 404): the no-database JSON route handler that
 * submitting a response is measured against. It parses a JSON body of the same size as a survey
 * submission and answers with JSON, and touches nothing else.
 */
export const dynamic = "force-dynamic";

export async function GET() {
  if (!benchEnabled()) return notFoundResponse();
  return Response.json({ ok: true, at: Date.now() });
}

export async function POST(request: Request) {
  if (!benchEnabled()) return notFoundResponse();
  const body = (await request.json()) as unknown;
  const size = Array.isArray(body) ? body.length : Object.keys(body as object).length;
  return Response.json({ ok: true, data: { outcome: "floor", size } });
}
