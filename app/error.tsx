"use client";

/** Anything unexpected on a page: a calm message and a way forward; details stay in the server log. */
export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  return (
    <main id="main" className="mx-auto max-w-lg px-4 py-16 text-center">
      <h1 className="text-2xl font-bold">Something went wrong</h1>
      <p className="mt-2 text-slate-600">
        This page could not be shown just now. If the database is restarting it will be back in a moment; nothing you had saved is lost.
      </p>
      <button
        type="button"
        onClick={reset}
        className="mt-6 min-h-11 rounded-md bg-accent-700 px-4 text-sm font-semibold text-white hover:bg-accent-800"
      >
        Try again
      </button>
    </main>
  );
}
