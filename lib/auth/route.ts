import { DATABASE_UNAVAILABLE, isDatabaseUnavailable } from "@/lib/db/errors";
import { isAppError } from "@/lib/errors";
import { getViewer, type Viewer } from "./session";
import { logFailure } from "@/lib/log";

/**
 * The one wrapper for route handlers that serve signed-in members: resolves the caller (signed out
 * is a 404 like anything else out of reach), maps expected errors to status codes, logs the rest.
 */
export function viewerRoute<P>(handler: (viewer: Viewer, params: P, request: Request) => Promise<Response>) {
  return async (request: Request, context: { params: Promise<P> }): Promise<Response> => {
    try {
      const viewer = await getViewer();
      if (!viewer) return notFoundResponse();
      return await handler(viewer, await context.params, request);
    } catch (error) {
      if (isAppError(error)) {
        if (error.code === "not_found") return notFoundResponse();
        return Response.json({ error: error.message }, { status: error.code === "invalid_input" ? 400 : 409 });
      }
      if (isDatabaseUnavailable(error))
        return Response.json({ error: DATABASE_UNAVAILABLE }, { status: 503, headers: { "Retry-After": "5" } });
      logFailure("route", error);
      return Response.json({ error: "Something went wrong on our side." }, { status: 500 });
    }
  };
}

export function notFoundResponse(): Response {
  return Response.json({ error: "Not found" }, { status: 404, headers: { "Cache-Control": "no-store" } });
}
