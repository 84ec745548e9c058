"use client";

import type { FieldValues, Resolver } from "react-hook-form";

/**
 * A react-hook-form resolver whose zod schema loads when it is first needed, not with the page.
 * zod is about 150 KB of the browser's JavaScript, and the sign-in page and the survey spent a
 * good part of their main-thread time on a phone parsing it before anyone had typed a thing
 * (issue 21, item 14). The schema is still the one the server action uses: only when it reaches
 * the browser changes. `prefetch` starts the load on the form's first touch, so by the time it is
 * validated (on submit) the schema is there, even if the network has dropped since.
 */
export function lazyZodResolver<T extends FieldValues>(
  loadSchema: () => Promise<unknown>,
): {
  resolver: Resolver<T>;
  prefetch: () => void;
} {
  let loading: Promise<Resolver<T>> | null = null;
  const load = () =>
    (loading ??= Promise.all([import("@hookform/resolvers/zod"), loadSchema()])
      .then(([{ zodResolver }, schema]) => zodResolver(schema as never) as unknown as Resolver<T>)
      .catch((error: unknown) => {
        loading = null; // try again on the next validation
        throw error;
      }));
  return {
    resolver: async (values, context, options) => (await load())(values, context, options),
    prefetch: () => void load().catch(() => undefined),
  };
}
