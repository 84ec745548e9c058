import { notFound } from "next/navigation";
import { isAppError } from "@/lib/errors";

/** Pages turn the domain's "not found (or not yours)" into Next's 404 page. */
export async function loadOr404<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  }
}
