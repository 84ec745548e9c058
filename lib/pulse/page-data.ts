import type { Viewer } from "@/lib/auth/viewer";
import { getDb } from "@/lib/db";
import { pulsePageFor } from "./start";

/** For app/(app)/reports/[id]/pulse: the page never touches the database itself. */
export async function getPulsePage(viewer: Viewer, requestId: string) {
  return pulsePageFor(await getDb(), viewer, requestId);
}
