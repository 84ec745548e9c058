import { DATABASE_UNAVAILABLE, isDatabaseUnavailable } from "@/lib/db/errors";
import { isAppError } from "@/lib/errors";
import { asHr, loadRequestFor, type HrViewer, type Need, type ReportContext, type RequestContext } from "./permissions";
import { getViewer, type Viewer } from "./session";
import { logFailure } from "@/lib/log";

/**
 * The wrappers for route handlers that serve signed-in members. Each route declares who may call
 * it by the wrapper it is built with: any member (viewerRoute), HR (hrRoute), or someone with a
 * part in the feedback request named by the route's `id` (requestRoute). Signed out, not HR, or
 * no part in the request is the same 404 as anything else out of reach; expected errors map to
 * status codes; the rest is logged.
 */

type RouteHandler<P> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;

function signedInRoute<P>(handler: (viewer: Viewer, params: P, request: Request) => Promise<Response>): RouteHandler<P> {
  return async (request, context) => {
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

/** A route for any signed-in member of an organisation (their own data). */
export function viewerRoute<P>(handler: (viewer: Viewer, params: P, request: Request) => Promise<Response>): RouteHandler<P> {
  return signedInRoute(handler);
}

/** A route for HR of the viewer's organisation only. */
export function hrRoute<P>(handler: (viewer: HrViewer, params: P, request: Request) => Promise<Response>): RouteHandler<P> {
  return signedInRoute((viewer, params, request) => handler(asHr(viewer), params, request));
}

/**
 * A route on the feedback request its `id` names, loaded once through the one loader with `need`
 * (and, with `snapshot`, its frozen report beside it).
 */
export function requestRoute<P extends { id: string }>(
  need: Need,
  options: { snapshot: true },
  handler: (ctx: ReportContext, viewer: Viewer, request: Request) => Promise<Response>,
): RouteHandler<P>;
export function requestRoute<P extends { id: string }>(
  need: Need,
  handler: (ctx: RequestContext, viewer: Viewer, request: Request) => Promise<Response>,
): RouteHandler<P>;
export function requestRoute<P extends { id: string }>(
  need: Need,
  ...rest:
    | [{ snapshot: true }, (ctx: ReportContext, viewer: Viewer, request: Request) => Promise<Response>]
    | [(ctx: RequestContext, viewer: Viewer, request: Request) => Promise<Response>]
): RouteHandler<P> {
  return signedInRoute<P>(async (viewer, { id }, request) => {
    if (rest.length === 2) {
      const [options, handler] = rest;
      return handler(await loadRequestFor(viewer, id, need, undefined, options), viewer, request);
    }
    const [handler] = rest;
    return handler(await loadRequestFor(viewer, id, need), viewer, request);
  });
}

export function notFoundResponse(): Response {
  return Response.json({ error: "Not found" }, { status: 404, headers: { "Cache-Control": "no-store" } });
}
